package org.mintpost.audit.rest;

import java.time.Instant;
import java.util.List;

import org.mintpost.audit.service.MessageView;

/**
 * The SDK's {@code MessageListData}. {@code cc}, {@code bcc} and {@code reply_to} are not carried by the delivery
 * events and are null; {@code tags} is empty ({@code tag} is the one tag a send names).
 */
public record MessageListItem(String id, String type, String status, Instant scheduledAt, String fromEmail,
        String fromName, String subject, List<Recipient> to, List<Recipient> cc, List<Recipient> bcc,
        List<String> replyTo, String tag, List<Object> tags, Instant statusChangedAt, Instant createdAt) {

    static MessageListItem of(MessageView m) {
        Recipient from = Recipient.parse(m.from());
        return new MessageListItem(m.id(), "outbound", m.status(), m.scheduledAt(), from.email(), from.name(),
                m.subject(), Recipient.all(m.to()), null, null, null, m.tag(), List.of(), m.statusChangedAt(),
                m.createdAt());
    }
}
