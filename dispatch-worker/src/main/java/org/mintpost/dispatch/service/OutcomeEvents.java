package org.mintpost.dispatch.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.MessageSummary;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.dispatch.client.SmtpResult;

/**
 * The one place where what happened to a job becomes {@code delivery-events}: one event per recipient per
 * outcome, and the message-level events ({@code queued}, {@code processed}) without a recipient, which carry the
 * message's {@link MessageSummary} (Cc, Bcc, Reply-To, tags, attachment list).
 *
 * <p>Every event id is derived from what the event says (message id, attempt, status, recipient): an outcome
 * published again (a job read again after its events were published but before its offset was committed, or
 * the outcome of a delivery republished from the delivered ledger) repeats the same ids, and the idempotent
 * consumers drop the copies.
 */
public final class OutcomeEvents {

    private OutcomeEvents() {
    }

    /** One event per recipient (one without a recipient when there are none) for attempt {@code job.attempt() + 1}. */
    public static List<DeliveryEvent> of(SendJob job, List<String> recipients, String status, Integer code,
            String response, String subject, Instant at) {
        return of(job, job.attempt() + 1, recipients, status, code, response, subject, at);
    }

    /** One event per recipient (one without a recipient when there are none) for the given attempt. */
    public static List<DeliveryEvent> of(SendJob job, int attempt, List<String> recipients, String status,
            Integer code, String response, String subject, Instant at) {
        List<String> rcpts = recipients.isEmpty() ? Collections.singletonList(null) : recipients;
        String from = job.content() != null ? job.content().from() : job.envelopeFrom();
        List<String> to = job.content() != null ? job.content().to() : job.envelopeTo();
        String tag = job.content() != null ? job.content().tag() : job.tag();
        Map<String, String> metadata = job.content() != null ? job.content().metadata() : job.metadata();
        String summarySubject = subject != null ? subject : job.content() == null ? null : job.content().subject();
        Instant scheduledAt = job.scheduledAt() != null ? job.scheduledAt()
                : job.content() == null ? null : job.content().scheduledAt();
        Map<String, String> data = data(job, scheduledAt);
        List<DeliveryEvent> out = new ArrayList<>(rcpts.size());
        for (String recipient : rcpts) {
            String id = id(job.messageId() + "/" + attempt + "/" + status + "/" + (recipient == null ? "" : recipient));
            out.add(new DeliveryEvent(id, at, DeliveryEvent.SCHEMA_VERSION, job.messageId(), job.teamId(),
                    job.projectId(), recipient, status, code, response, attempt, from, to, summarySubject, tag,
                    job.receivedAt(), job.routeId(), metadata, data));
        }
        return out;
    }

    /** {@code scheduled_at} when there is one; a sandbox message's {@code delivery_mode} and {@code sandbox_result}. */
    private static Map<String, String> data(SendJob job, Instant scheduledAt) {
        if (!job.sandbox()) {
            return scheduledAt == null ? null : Map.of("scheduled_at", scheduledAt.toString());
        }
        Map<String, String> data = new HashMap<>();
        if (scheduledAt != null) {
            data.put("scheduled_at", scheduledAt.toString());
        }
        data.put("delivery_mode", SendJob.SANDBOX);
        data.put("sandbox_result", job.sandboxResult() == null ? DeliveryEvent.DELIVERED : job.sandboxResult());
        return Map.copyOf(data);
    }

    /**
     * A message-level event (no recipient) that happens once per message: its id is derived from the message
     * id and the status alone, so a job handed out again repeats the same event.
     */
    public static DeliveryEvent message(SendJob job, String status, Instant at) {
        return of(job, List.of(), status, null, null, null, at).get(0)
                .withEventId(id(job.messageId() + "/" + status)).withSummary(MessageSummary.of(job.content()));
    }

    /**
     * One event per recipient the upstream refused at {@code RCPT} with its own reply: {@code hard_bounced} for a
     * 5xx, {@code failed} for another reply (the message went out to the others, so it is not tried again).
     */
    public static List<DeliveryEvent> refused(SendJob job, int attempt, Map<String, SmtpResult> refused,
            String subject, Instant at) {
        List<DeliveryEvent> out = new ArrayList<>(refused.size());
        refused.forEach((recipient, reply) -> out.addAll(of(job, attempt, List.of(recipient),
                reply.kind() == SmtpResult.Kind.PERMANENT ? DeliveryEvent.HARD_BOUNCED : DeliveryEvent.FAILED,
                reply.code(), reply.response(), subject, at)));
        return out;
    }

    /** {@code suppressed} for one recipient, with the entry's reason in {@code data.reason}; no SMTP reply. */
    public static DeliveryEvent suppressed(SendJob job, String recipient, String reason, String subject, Instant at) {
        DeliveryEvent e = of(job, List.of(recipient), DeliveryEvent.SUPPRESSED, null, null, subject, at).get(0);
        return new DeliveryEvent(e.eventId(), e.occurredAt(), e.schemaVersion(), e.messageId(), e.teamId(),
                e.projectId(), e.recipient(), e.status(), null, "suppressed: " + reason, e.attempt(), e.from(), e.to(),
                e.subject(), e.tag(), e.receivedAt(), e.routeId(), e.metadata(), Map.of("reason", reason));
    }

    private static String id(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
