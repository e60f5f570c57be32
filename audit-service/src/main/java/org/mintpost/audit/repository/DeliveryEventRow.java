package org.mintpost.audit.repository;

import java.time.Instant;

/**
 * One row to append to {@code audit.delivery_event}; {@code toJson} is a JSON array, {@code metadataJson} and
 * {@code dataJson} JSON objects or null. {@code scheduledAt} is the event's {@code data.scheduled_at}, if any;
 * {@code summaryJson} the message's summary (Cc, Bcc, Reply-To, tags, attachment list) or null.
 */
public record DeliveryEventRow(
        String eventId,
        Instant occurredAt,
        String messageId,
        String teamId,
        String projectId,
        String recipient,
        String status,
        Integer smtpCode,
        String smtpResponse,
        int attempt,
        String from,
        String toJson,
        String subject,
        String tag,
        Instant receivedAt,
        String routeId,
        String metadataJson,
        String dataJson,
        Instant scheduledAt,
        String summaryJson) {
}
