package org.mintpost.contracts.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One accepted message (topic {@code send-jobs}, key project id; retry topics, key message id).
 * Exactly one of {@code content} (HTTP API) and {@code rawMime} (SMTP relay) is set.
 *
 * @param channel         {@code api} or {@code smtp}
 * @param rawMime         base64 of the message as received over SMTP, control headers removed
 * @param envelopeFrom    SMTP {@code MAIL FROM}; null for API jobs
 * @param envelopeTo      SMTP {@code RCPT TO} (Bcc included); null for API jobs
 * @param tag             SMTP {@code X-LM-Tag}; API jobs carry tags in {@code content}
 * @param metadata        SMTP {@code X-LM-Metadata-*}; API jobs carry it in {@code content}
 * @param route           SMTP {@code X-Lettermint-Route}
 * @param scheduledAt     do not deliver before this instant (null: now)
 * @param attempt         0 for a fresh job; n for its n-th retry
 * @param notBefore       for retry topics: the earliest moment of the next attempt
 * @param lastError       for retries: the reply or error of the previous attempt
 * @param routeId         the id of the project's route the message goes out on (the route named by
 *                        {@code route}, or the project's default route); null from an edge that does not know routes yet
 * @param tracking        the effective tracking settings (the route's, overridden by the message's {@code settings});
 *                        null: none of it
 * @param deliveryMode    {@code live} (null: live) or {@code sandbox}: the project's {@code delivery_mode} when the edge
 *                        accepted it; a sandbox message passes every step except the SMTP transaction
 * @param sandboxResult   for a sandbox message, the outcome the sender asked for ({@code sandbox_result}, one of
 *                        {@link #SANDBOX_RESULTS}); null: {@code delivered}
 * @param redactContent   true when the route or project has {@code redact_email_content}: the message's content is
 *                        never published for the read side (null: false)
 * @param tls             the route's {@code tls} setting ({@code opportunistic} or {@code enforced}, the SDK's
 *                        {@code TlsPolicy}) when the edge accepted the message; null: the route says nothing
 * @param pendingRecipients for a retry after an attempt that some recipients' servers took: the bare addresses still
 *                        owed, the only ones the retry goes to; null: every recipient of the job
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SendJob(
        String eventId,
        Instant occurredAt,
        int schemaVersion,
        String messageId,
        String teamId,
        String projectId,
        String tokenId,
        Instant receivedAt,
        String channel,
        String idempotencyKey,
        EmailContent content,
        String rawMime,
        String envelopeFrom,
        List<String> envelopeTo,
        String tag,
        Map<String, String> metadata,
        String route,
        Instant scheduledAt,
        int attempt,
        Instant notBefore,
        String lastError,
        String routeId,
        Tracking tracking,
        String deliveryMode,
        String sandboxResult,
        Boolean redactContent,
        String tls,
        List<String> pendingRecipients) {

    public static final int SCHEMA_VERSION = 1;

    public static final String LIVE = "live";
    public static final String SANDBOX = "sandbox";
    /** The outcomes a sandbox message can be asked to end in (Lettermint's {@code SandboxResult}). */
    public static final List<String> SANDBOX_RESULTS = List.of("delivered", "hard_bounced", "soft_bounced", "deferred",
            "failed", "suppressed", "spam_complaint", "auto_replied", "opened", "clicked", "unsubscribed");

    /** The route's {@code tls} value that requires verified TLS. */
    public static final String TLS_ENFORCED = "enforced";

    /** The constructor JSON reads through (the record has shorter ones for jobs without tracking or sandbox). */
    @JsonCreator
    public SendJob {
    }

    /** A job without the redaction flag, without a route TLS setting, to all its recipients. */
    public SendJob(String eventId, Instant occurredAt, int schemaVersion, String messageId, String teamId,
            String projectId, String tokenId, Instant receivedAt, String channel, String idempotencyKey,
            EmailContent content, String rawMime, String envelopeFrom, List<String> envelopeTo, String tag,
            Map<String, String> metadata, String route, Instant scheduledAt, int attempt, Instant notBefore,
            String lastError, String routeId, Tracking tracking, String deliveryMode, String sandboxResult) {
        this(eventId, occurredAt, schemaVersion, messageId, teamId, projectId, tokenId, receivedAt, channel,
                idempotencyKey, content, rawMime, envelopeFrom, envelopeTo, tag, metadata, route, scheduledAt, attempt,
                notBefore, lastError, routeId, tracking, deliveryMode, sandboxResult, null, null, null);
    }

    /** The message's content must not be kept for the read side. */
    public boolean redacted() {
        return Boolean.TRUE.equals(redactContent);
    }

    /** The same job due at {@code at} (a new event id, now), everything else unchanged. */
    public SendJob dueAt(String newEventId, Instant now, Instant at) {
        return new SendJob(newEventId, now, schemaVersion, messageId, teamId, projectId, tokenId, receivedAt,
                channel, idempotencyKey, content, rawMime, envelopeFrom, envelopeTo, tag, metadata, route, at, attempt,
                notBefore, lastError, routeId, tracking, deliveryMode, sandboxResult, redactContent, tls,
                pendingRecipients);
    }

    /** A live job with tracking settings. */
    public SendJob(String eventId, Instant occurredAt, int schemaVersion, String messageId, String teamId,
            String projectId, String tokenId, Instant receivedAt, String channel, String idempotencyKey,
            EmailContent content, String rawMime, String envelopeFrom, List<String> envelopeTo, String tag,
            Map<String, String> metadata, String route, Instant scheduledAt, int attempt, Instant notBefore,
            String lastError, String routeId, Tracking tracking) {
        this(eventId, occurredAt, schemaVersion, messageId, teamId, projectId, tokenId, receivedAt, channel,
                idempotencyKey, content, rawMime, envelopeFrom, envelopeTo, tag, metadata, route, scheduledAt, attempt,
                notBefore, lastError, routeId, tracking, null, null, null, null, null);
    }

    /** A sandbox message: never handed to the upstream. */
    public boolean sandbox() {
        return SANDBOX.equals(deliveryMode);
    }

    /** A job without tracking settings. */
    public SendJob(String eventId, Instant occurredAt, int schemaVersion, String messageId, String teamId,
            String projectId, String tokenId, Instant receivedAt, String channel, String idempotencyKey,
            EmailContent content, String rawMime, String envelopeFrom, List<String> envelopeTo, String tag,
            Map<String, String> metadata, String route, Instant scheduledAt, int attempt, Instant notBefore,
            String lastError, String routeId) {
        this(eventId, occurredAt, schemaVersion, messageId, teamId, projectId, tokenId, receivedAt, channel,
                idempotencyKey, content, rawMime, envelopeFrom, envelopeTo, tag, metadata, route, scheduledAt, attempt,
                notBefore, lastError, routeId, null, null, null, null, null, null);
    }

    /**
     * What the worker does to the message on its way out.
     *
     * @param trackOpens          add the 1×1 open pixel to the HTML part
     * @param trackClicks         rewrite the HTML part's {@code http(s)} links to signed click URLs
     * @param hostedUnsubscribe   add {@code List-Unsubscribe} and {@code List-Unsubscribe-Post} (a broadcast route
     *                            without {@code disable_hosted_unsubscribe}), unless the sender set their own
     * @param plaintextFallback   add a text part generated from the HTML when the message has none
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Tracking(boolean trackOpens, boolean trackClicks, boolean hostedUnsubscribe,
            boolean plaintextFallback) {

        /** True when the worker has anything to do. */
        public boolean any() {
            return trackOpens || trackClicks || hostedUnsubscribe || plaintextFallback;
        }
    }

    /** The same job, to be tried again no earlier than {@code notBefore}. */
    public SendJob retry(String newEventId, Instant now, Instant notBefore, String lastError) {
        return retry(newEventId, now, notBefore, lastError, pendingRecipients);
    }

    /** The same job, to be tried again no earlier than {@code notBefore}, to {@code pending} only (null: all). */
    public SendJob retry(String newEventId, Instant now, Instant notBefore, String lastError, List<String> pending) {
        return new SendJob(newEventId, now, schemaVersion, messageId, teamId, projectId, tokenId, receivedAt,
                channel, idempotencyKey, content, rawMime, envelopeFrom, envelopeTo, tag, metadata, route,
                scheduledAt, attempt + 1, notBefore, lastError, routeId, tracking, deliveryMode, sandboxResult,
                redactContent, tls, pending == null ? null : List.copyOf(pending));
    }

    /** The same job with the route's {@code tls} setting (null: none). */
    public SendJob withTls(String routeTls) {
        return new SendJob(eventId, occurredAt, schemaVersion, messageId, teamId, projectId, tokenId, receivedAt,
                channel, idempotencyKey, content, rawMime, envelopeFrom, envelopeTo, tag, metadata, route,
                scheduledAt, attempt, notBefore, lastError, routeId, tracking, deliveryMode, sandboxResult,
                redactContent, routeTls, pendingRecipients);
    }
}
