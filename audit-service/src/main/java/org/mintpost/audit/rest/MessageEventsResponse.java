package org.mintpost.audit.rest;

import java.time.Instant;
import java.util.List;

import org.mintpost.audit.service.MessageEventEntry;

/** {@code GET /v1/messages/{id}/events}: the timeline, oldest first. */
public record MessageEventsResponse(List<Item> data) {

    public record Item(String messageId, String type, String recipient, Instant at, Integer smtpCode,
            String smtpResponse) {
    }

    static MessageEventsResponse of(List<MessageEventEntry> events) {
        return new MessageEventsResponse(events.stream()
                .map(e -> new Item(e.messageId(), e.type(), e.recipient(), e.at(), e.smtpCode(), e.smtpResponse()))
                .toList());
    }
}
