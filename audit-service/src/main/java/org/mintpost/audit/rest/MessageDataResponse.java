package org.mintpost.audit.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.mintpost.audit.service.MessageView;
import org.mintpost.contracts.event.EmailContent;
import org.mintpost.contracts.event.MessageSummary;

/**
 * {@code GET /v1/messages/{id}}: the SDK's {@code MessageData}, with Lettermint's {@code delivery_mode} and
 * {@code sandbox_result}. Cc, Bcc, Reply-To, tags and the attachment list come
 * from the message's summary (a Sending API message); for raw MIME from the SMTP relay they are null (tags empty).
 */
public record MessageDataResponse(String id, String type, String status, Instant statusChangedAt,
        Instant scheduledAt, String tag, List<EmailContent.Tag> tags, String fromEmail, String fromName,
        List<String> replyTo, String subject, List<Recipient> to, List<Recipient> cc, List<Recipient> bcc,
        List<Attachment> attachments, Map<String, String> metadata, String routeId, String deliveryMode,
        String sandboxResult, Instant createdAt) {

    /** The SDK's {@code MessageAttachmentData}. */
    public record Attachment(long size, String filename, String contentId, String contentType) {
    }

    static MessageDataResponse of(MessageView m) {
        Recipient from = Recipient.parse(m.from());
        MessageSummary s = m.summary();
        return new MessageDataResponse(m.id(), "outbound", m.status(), m.statusChangedAt(), m.scheduledAt(),
                m.tag(), tags(s), from.email(), from.name(), replyTo(s), m.subject(), Recipient.all(m.to()),
                s == null ? null : Recipient.all(s.cc()), s == null ? null : Recipient.all(s.bcc()),
                s == null || s.attachments() == null || s.attachments().isEmpty() ? null : s.attachments().stream()
                        .map(a -> new Attachment(a.size(), a.filename(), a.contentId(), a.contentType())).toList(),
                m.metadata(), m.routeId(), m.mode(), m.sandboxResult(), m.createdAt());
    }

    static List<EmailContent.Tag> tags(MessageSummary s) {
        return s == null || s.tags() == null ? List.of() : s.tags();
    }

    /** Reply-To as the SDK has it: bare addresses. */
    static List<String> replyTo(MessageSummary s) {
        return s == null || s.replyTo() == null || s.replyTo().isEmpty() ? null
                : s.replyTo().stream().map(a -> Recipient.parse(a).email()).toList();
    }
}
