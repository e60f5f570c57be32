package org.mintpost.audit.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.mintpost.audit.service.MessageView;

/** {@code GET /v1/messages/{id}}: the SDK's {@code MessageData} (see {@link MessageListItem} for the null fields). */
public record MessageDataResponse(String id, String type, String status, Instant statusChangedAt,
        Instant scheduledAt, String tag, List<Object> tags, String fromEmail, String fromName, List<String> replyTo,
        String subject, List<Recipient> to, List<Recipient> cc, List<Recipient> bcc, List<Object> attachments,
        Map<String, String> metadata, String routeId, Instant createdAt) {

    static MessageDataResponse of(MessageView m) {
        Recipient from = Recipient.parse(m.from());
        return new MessageDataResponse(m.id(), "outbound", m.status(), m.statusChangedAt(), m.scheduledAt(),
                m.tag(), List.of(), from.email(), from.name(), null, m.subject(), Recipient.all(m.to()), null, null,
                null, m.metadata(), m.routeId(), m.createdAt());
    }
}
