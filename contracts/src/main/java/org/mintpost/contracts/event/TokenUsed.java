package org.mintpost.contracts.event;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One use, or one refused use, of a token (topic {@code token-usage}, key token id or
 * {@code unknown}). Feeds last-used metadata and token logs. Never carries a secret: a token that
 * matched nothing is named only by its display form.
 *
 * @param tokenId      null when no token was recognised
 * @param tokenDisplay e.g. {@code lm_AbCd…x9Zq}
 * @param channel      {@code api} or {@code smtp}
 * @param endpoint     e.g. {@code POST /v1/send} or {@code SMTP AUTH}
 * @param outcome      {@code accepted} or {@code refused}
 * @param reason       null when accepted; else {@code unknown}, {@code malformed}, {@code revoked},
 *                     {@code expired}, {@code ip_denied}, {@code forbidden}, {@code smtp_disabled},
 *                     {@code rate_limited}, {@code validation}, {@code idempotency_conflict}, {@code too_large}
 * @param messageIds   the messages accepted by this use
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TokenUsed(
        String eventId,
        Instant occurredAt,
        int schemaVersion,
        String tokenId,
        String tokenKind,
        String tokenDisplay,
        String teamId,
        String projectId,
        String ip,
        String userAgent,
        String channel,
        String endpoint,
        String outcome,
        String reason,
        List<String> messageIds) {

    public static final int SCHEMA_VERSION = 1;

    public static final String CHANNEL_API = "api";
    public static final String CHANNEL_SMTP = "smtp";
    public static final String OUTCOME_ACCEPTED = "accepted";
    public static final String OUTCOME_REFUSED = "refused";
}
