package org.mintpost.audit.repository;

import java.time.Instant;

/** One row to append to {@code audit.delivery_event}; {@code toJson} is a JSON array. */
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
        String routeId) {
}
