package org.mintpost.contracts.event;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The outcome of one delivery attempt for one recipient (topic {@code delivery-events}, key message
 * id). Carries a summary of the message so that timelines need no other source.
 *
 * @param status       {@code delivered}, {@code soft_bounced} (4xx or connection trouble; will be
 *                     retried), {@code hard_bounced} (5xx), {@code failed} (retries exhausted or
 *                     undeliverable job), {@code scheduled} (waiting for {@code scheduled_at})
 * @param smtpCode     the upstream reply code, null when no reply was had
 * @param smtpResponse the upstream reply text or the connection error
 * @param attempt      1 for the first attempt
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeliveryEvent(
        String eventId,
        Instant occurredAt,
        int schemaVersion,
        String messageId,
        String teamId,
        String projectId,
        String recipient,
        String status,
        Integer smtpCode,
        String smtpResponse,
        int attempt,
        String from,
        List<String> to,
        String subject,
        String tag,
        Instant receivedAt) {

    public static final int SCHEMA_VERSION = 1;

    public static final String DELIVERED = "delivered";
    public static final String SOFT_BOUNCED = "soft_bounced";
    public static final String HARD_BOUNCED = "hard_bounced";
    public static final String FAILED = "failed";
    public static final String SCHEDULED = "scheduled";
}
