package org.mintpost.audit.rest;

import java.time.Instant;
import java.util.List;

import org.mintpost.audit.service.MessageView;
import org.mintpost.contracts.event.EmailContent;
import org.mintpost.contracts.event.MessageSummary;

/**
 * The SDK's {@code MessageListData} (see {@link MessageDataResponse} for where Cc, Bcc, Reply-To and tags come from).
 */
public record MessageListItem(String id, String type, String status, Instant scheduledAt, String fromEmail,
        String fromName, String subject, List<Recipient> to, List<Recipient> cc, List<Recipient> bcc,
        List<String> replyTo, String tag, List<EmailContent.Tag> tags, String deliveryMode, String sandboxResult,
        Instant statusChangedAt, Instant createdAt) {

    static MessageListItem of(MessageView m) {
        Recipient from = Recipient.parse(m.from());
        MessageSummary s = m.summary();
        return new MessageListItem(m.id(), "outbound", m.status(), m.scheduledAt(), from.email(), from.name(),
                m.subject(), Recipient.all(m.to()), s == null ? null : Recipient.all(s.cc()),
                s == null ? null : Recipient.all(s.bcc()), MessageDataResponse.replyTo(s), m.tag(),
                MessageDataResponse.tags(s), m.mode(), m.sandboxResult(), m.statusChangedAt(), m.createdAt());
    }
}
