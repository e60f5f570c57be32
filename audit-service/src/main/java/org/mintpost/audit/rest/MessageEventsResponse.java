package org.mintpost.audit.rest;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mintpost.audit.service.MessageEventEntry;

/**
 * {@code GET /v1/messages/{id}/events}: the SDK's {@code MessageEventsResponse}, oldest first. Each event's
 * {@code metadata} holds what the event tells beyond its kind: {@code recipient}, {@code attempt},
 * {@code smtp_code}, {@code smtp_response} and the event's own data (e.g. {@code scheduled_at}).
 */
public record MessageEventsResponse(List<Item> data, List<String> links, PageMeta meta) {

    /** The SDK's {@code MessageEventData}. */
    public record Item(String messageId, String event, String tag, List<Object> tags, Map<String, Object> metadata,
            Instant timestamp) {
    }

    static Item item(MessageEventEntry e) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("recipient", e.recipient());
        metadata.put("attempt", e.attempt());
        metadata.put("smtp_code", e.smtpCode());
        metadata.put("smtp_response", e.smtpResponse());
        if (e.data() != null) {
            e.data().forEach(metadata::putIfAbsent);
        }
        return new Item(e.messageId(), e.type(), e.tag(), List.of(), metadata, e.at());
    }
}
