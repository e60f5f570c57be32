package org.mintpost.contracts.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The outcome of one delivery attempt for one recipient (topic {@code delivery-events}, key message
 * id). Carries a summary of the message so that timelines need no other source.
 *
 * @param status       one of the SDK's {@code MessageEventType} names; per recipient: {@code delivered},
 *                     {@code soft_bounced} (4xx or connection trouble; will be retried), {@code hard_bounced}
 *                     (5xx), {@code failed} (retries exhausted or undeliverable job), {@code suppressed},
 *                     {@code opened}, {@code clicked}, {@code unsubscribed}, {@code spam_complaint}; per message
 *                     (recipient null): {@code queued} (a worker took the accepted message in: webhook
 *                     {@code message.created}), {@code processed} (handed to the upstream, which accepted it:
 *                     {@code message.sent}), {@code scheduled} (waiting for {@code scheduled_at}),
 *                     {@code rescheduled}, {@code canceled}
 * @param smtpCode     the upstream reply code, null when no reply was had
 * @param smtpResponse the upstream reply text or the connection error
 * @param attempt      1 for the first attempt
 * @param routeId      the route the message went out on (null from a publisher that does not know routes)
 * @param metadata     the sender's metadata ({@code metadata} over the API, {@code X-LM-Metadata-*} over SMTP)
 * @param summary      the message's Cc, Bcc, Reply-To, tags and attachment list ({@link MessageSummary}), on its
 *                     message-level events only; null elsewhere
 * @param data         what one kind of event adds, string to string: e.g. {@code url} and {@code user_agent}
 *                     of a click, {@code reason} of a suppression, {@code scheduled_at} of a reschedule,
 *                     {@code machine} ({@link #DATA_MACHINE}) on an open or click a machine made
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
        Instant receivedAt,
        String routeId,
        Map<String, String> metadata,
        Map<String, String> data,
        MessageSummary summary) {

    public static final int SCHEMA_VERSION = 1;

    /** The record as Jackson reads it (the canonical constructor; {@code summary} absent reads as null). */
    @JsonCreator
    public DeliveryEvent {
        // nothing to normalize
    }

    /** An event without a {@link MessageSummary}: what every event but a Sending API message's own carries. */
    @SuppressWarnings("java:S107")
    public DeliveryEvent(String eventId, Instant occurredAt, int schemaVersion, String messageId, String teamId,
            String projectId, String recipient, String status, Integer smtpCode, String smtpResponse, int attempt,
            String from, List<String> to, String subject, String tag, Instant receivedAt, String routeId,
            Map<String, String> metadata, Map<String, String> data) {
        this(eventId, occurredAt, schemaVersion, messageId, teamId, projectId, recipient, status, smtpCode,
                smtpResponse, attempt, from, to, subject, tag, receivedAt, routeId, metadata, data, null);
    }

    public static final String QUEUED = "queued";
    public static final String PROCESSED = "processed";
    public static final String DELIVERED = "delivered";
    public static final String SOFT_BOUNCED = "soft_bounced";
    public static final String HARD_BOUNCED = "hard_bounced";
    public static final String FAILED = "failed";
    public static final String SCHEDULED = "scheduled";
    public static final String RESCHEDULED = "rescheduled";
    public static final String CANCELED = "canceled";
    public static final String SUPPRESSED = "suppressed";
    public static final String OPENED = "opened";
    public static final String CLICKED = "clicked";
    public static final String UNSUBSCRIBED = "unsubscribed";
    public static final String SPAM_COMPLAINT = "spam_complaint";

    /**
     * Key in {@link #data()}: {@code "true"} when a machine, not a person, made the event (a mail privacy proxy's
     * prefetch, a security scanner following links). Webhooks get such events only with
     * {@code include_machine_events}.
     */
    public static final String DATA_MACHINE = "machine";

    /** The same event under another id (an event that must be the same whoever publishes it again). */
    public DeliveryEvent withEventId(String id) {
        return new DeliveryEvent(id, occurredAt, schemaVersion, messageId, teamId, projectId, recipient, status,
                smtpCode, smtpResponse, attempt, from, to, subject, tag, receivedAt, routeId, metadata, data, summary);
    }

    /** The same event carrying the message's {@link MessageSummary}. */
    public DeliveryEvent withSummary(MessageSummary messageSummary) {
        return new DeliveryEvent(eventId, occurredAt, schemaVersion, messageId, teamId, projectId, recipient, status,
                smtpCode, smtpResponse, attempt, from, to, subject, tag, receivedAt, routeId, metadata, data,
                messageSummary);
    }
}
