package org.mintpost.audit.rest;

import java.time.Instant;
import java.util.List;

import org.mintpost.audit.service.MessageSummary;

/** {@code GET /v1/messages/{id}}: the message and its current status. */
public record MessageResponse(String id, String status, Instant statusChangedAt, String from, List<String> to,
        String subject, String tag, Instant createdAt, String routeId) {

    static MessageResponse of(MessageSummary m) {
        return new MessageResponse(m.id(), m.status(), m.statusChangedAt(), m.from(), m.to(), m.subject(), m.tag(),
                m.createdAt(), m.routeId());
    }
}
