package org.mintpost.dispatch.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.Topics;
import org.mintpost.contracts.Topics.RetryTier;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.dispatch.client.MessageTransport;
import org.mintpost.dispatch.client.SmtpResult;
import org.mintpost.dispatch.repository.DeliveredLedger;
import org.mintpost.dispatch.repository.Finished;
import org.mintpost.dispatch.suppressions.SuppressionList;
import org.mintpost.dispatch.suppressions.Suppressions;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * One job, one decision: park it until its {@code scheduled_at}, or make one delivery attempt and
 * turn the upstream's answer into delivery events and, for a transient failure, a delayed retry.
 * The returned Uni completes when everything this produced is acknowledged by the broker: only
 * then may the job's offset be committed.
 */
@ApplicationScoped
public class DispatchService {

    /** A job due within this margin is sent now rather than parked again. */
    static final Duration EARLY_MARGIN = Duration.ofMillis(250);

    private final OutgoingMessages outgoing;
    private final MessageTransport transport;
    private final RetryPolicy retryPolicy;
    private final Republisher republisher;
    private final MeterRegistry registry;
    private final DeliveredLedger ledger;
    private final Suppressions suppressions;
    @jakarta.inject.Inject org.mintpost.dispatch.gate.SmtpGate smtpGate;
    @jakarta.inject.Inject PartialDelivery partial;

    public DispatchService(OutgoingMessages outgoing, MessageTransport transport, RetryPolicy retryPolicy,
            Republisher republisher, MeterRegistry registry, DeliveredLedger ledger, Suppressions suppressions) {
        this.suppressions = suppressions;
        this.outgoing = outgoing;
        this.transport = transport;
        this.retryPolicy = retryPolicy;
        this.republisher = republisher;
        this.registry = registry;
        this.ledger = ledger;
        registry.counter("dispatch.duplicates.suppressed");
    }

    /**
     * Runs on a sender thread (the poll loop hands the job over in one hop); returns once the SMTP conversation
     * is over, with a Uni that completes when the outcome's records are acknowledged.
     */
    public Uni<Void> handle(SendJob job, String sourceTopic) {
        if (job.messageId() == null || job.messageId().isBlank()) {
            return deadLetter(job, "message_id is missing");
        }
        Instant now = Instant.now();
        Uni<Void> queued = Topics.SEND_JOBS.equals(sourceTopic) && job.attempt() == 0
                ? republisher.events(List.of(OutcomeEvents.message(job, DeliveryEvent.QUEUED, now)))
                : Uni.createFrom().voidItem();
        job = smtpGate.current(job); // at its latest time: a reschedule moves it (a fresh one is kept first)
        if (job.scheduledAt() != null && job.scheduledAt().isAfter(now.plus(EARLY_MARGIN))) {
            return Uni.combine().all().unis(queued, park(job, sourceTopic, now)).discardItems();
        }
        return Uni.combine().all().unis(queued, deliver(job)).discardItems();
    }

    private Uni<Void> deliver(SendJob job) {
        String messageId = PartialDelivery.ledgerKey(job);
        // called on a sender (SMTP) thread: the lookup, the attempt (building the message, the SMTP conversation)
        // and the record of its outcome run here, the ledger written by the thread that read the reply, at once
        DeliveredLedger.Claim claim = ledger.claim(messageId);
        if (claim.granted()) {
            try {
                return attempt(job).eventually(() -> ledger.end(messageId));
            } catch (RuntimeException e) {
                ledger.end(messageId);
                throw e;
            }
        }
        // handed out again (a crash before the offset commit, a broker restart, a client's retry after a
        // gateway crash): already finished, or being attempted right now; never sent again
        registry.counter("dispatch.duplicates.suppressed").increment();
        if (!claim.isFinished()) {
            Log.debugf("message %s was finished before or is being sent; not sent again", messageId);
            return Uni.createFrom().voidItem();
        }
        // its outcome may never have been published (the publish failed, or the worker died, after the reply)
        registry.counter("dispatch.outcomes.republished").increment();
        Finished done = claim.finished();
        return Uni.combine().all().unis(republisher.events(finishedEvents(job,
                PartialDelivery.reached(safeRecipients(job), done), done)), partial.refused(job, done)).discardItems();
    }

    /** Sends the job round the delay topics until its {@code scheduled_at}; says {@code scheduled} once. */
    private Uni<Void> park(SendJob job, String sourceTopic, Instant now) {
        Duration wait = Duration.between(now, job.scheduledAt());
        RetryTier tier = retryPolicy.tierFor(wait);
        SendJob parked = JobCopies.parked(job, now, earliest(job.scheduledAt(), now.plus(tier.delay())));
        List<String> recipients = safeRecipients(job);
        Uni<Void> delayed = republisher.putBack(job, tier.topic(), parked, recipients);
        if (!Topics.SEND_JOBS.equals(sourceTopic)) {
            return delayed;
        }
        count(DeliveryEvent.SCHEDULED);
        List<DeliveryEvent> events = OutcomeEvents.of(job, recipients, DeliveryEvent.SCHEDULED, null,
                "scheduled for " + job.scheduledAt(), null, now);
        return republisher.events(events).chain(() -> Republisher.offIo(() -> delayed));
    }

    /** One SMTP attempt, on this thread; the Uni publishes its outcome. */
    private Uni<Void> attempt(SendJob job) {
        OutgoingMessages.Outgoing out;
        try {
            out = outgoing.prepare(job);
        } catch (InvalidJobException e) {
            return deadLetter(job, e.getMessage());
        }
        Uni<Void> held = smtpGate.hold(job, out, moved -> park(moved, "", Instant.now())); // canceled, moved, sandbox
        if (held != null) {
            return held;
        }
        // a suppressed recipient gets no RCPT: told as suppressed (before the others' outcome), the others go
        SuppressionList.Split split = suppressions.split(job, out.recipients());
        Instant now = Instant.now();
        List<DeliveryEvent> skipped = new ArrayList<>();
        split.suppressed().forEach((recipient, entry) -> skipped.add(
                OutcomeEvents.suppressed(job, recipient, entry.reason(), out.subject(), now)));
        skipped.forEach(e -> count(DeliveryEvent.SUPPRESSED));
        Uni<Void> told = skipped.isEmpty() ? Uni.createFrom().voidItem() : republisher.events(skipped);
        if (split.allowed().isEmpty()) {
            return told;
        }
        Timer.Sample sample = Timer.start(registry);
        SmtpResult result = out.send(transport, job, split.allowed()); // per recipient when tracked
        sample.stop(registry.timer("dispatch.attempt", "result", result.kind().name().toLowerCase()));
        return Uni.combine().all().unis(told, outcome(job, split.allowed(), out, result)).discardItems();
    }

    private Uni<Void> outcome(SendJob job, List<String> recipients, OutgoingMessages.Outgoing out,
            SmtpResult result) {
        String subject = out.subject();
        Instant now = Instant.now();
        int attemptNo = job.attempt() + 1;
        switch (result.kind()) {
            case ACCEPTED, PERMANENT -> {
                String status = result.kind() == SmtpResult.Kind.ACCEPTED ? DeliveryEvent.DELIVERED
                        : DeliveryEvent.HARD_BOUNCED;
                count(status);
                if (result.kind() == SmtpResult.Kind.PERMANENT) {
                    Log.infof("message %s hard-bounced on attempt %d: %s %s", job.messageId(), attemptNo,
                            result.code(), result.response());
                }
                // kept before the events are published: a job read again publishes them, never sends again
                Finished done = new Finished(status, result.code(), result.response(), attemptNo, now.toEpochMilli(),
                        subject, PartialDelivery.refusals(result));
                ledger.finished(PartialDelivery.ledgerKey(job), done);
                // sent to some: the others are told their own reply, those refused for now retried on their own
                List<DeliveryEvent> events = finishedEvents(job, PartialDelivery.reached(recipients, done), done);
                // the upstream answered the transaction: the MIME it was offered is the message's content
                return Uni.combine().all().unis(republisher.events(events), partial.refused(job, done),
                        republisher.source(MessageSources.of(job, out.message(), now))).discardItems();
            }
            default -> {
                // refused at RCPT, some for good: those bounce now; a retry finds them suppressed
                List<DeliveryEvent> hard = OutcomeEvents.refused(job, attemptNo, result.refusedForGood(), subject, now);
                if (!hard.isEmpty()) {
                    count(DeliveryEvent.HARD_BOUNCED);
                    List<String> others = Recipients.without(recipients, result.refusedForGood().keySet());
                    return republisher.events(hard).chain(() -> retryOrFail(job, others, subject, result, now));
                }
                return retryOrFail(job, recipients, subject, result, now);
            }
        }
    }

    private Uni<Void> retryOrFail(SendJob job, List<String> recipients, String subject, SmtpResult result,
            Instant now) {
        int attemptNo = job.attempt() + 1;
        Optional<Instant> next = retryPolicy.nextAttempt(attemptNo, job.receivedAt(), now);
        String error = describe(result);
        if (next.isEmpty()) {
            count(DeliveryEvent.FAILED);
            Log.infof("message %s failed after %d attempts: %s", job.messageId(), attemptNo, error);
            return republisher.events(OutcomeEvents.of(job, recipients, DeliveryEvent.FAILED,
                    result.code(), result.response(), subject, now));
        }
        count(DeliveryEvent.SOFT_BOUNCED);
        Log.debugf("message %s soft-bounced on attempt %d (%s); next try at %s", job.messageId(),
                attemptNo, error, next.get());
        RetryTier tier = retryPolicy.tierFor(Duration.between(now, next.get()));
        SendJob retry = JobCopies.retry(job, now, next.get(), error);
        // the soft bounce is told first: a retry that cannot be put back follows it as failed
        return republisher.events(OutcomeEvents.of(job, recipients, DeliveryEvent.SOFT_BOUNCED,
                result.code(), result.response(), subject, now))
                .chain(() -> Republisher.offIo(
                        () -> republisher.putBack(job, tier.topic(), retry, recipients)));
    }

    /** The events of a finished message: {@code processed} and {@code delivered}, or {@code hard_bounced}. */
    private static List<DeliveryEvent> finishedEvents(SendJob job, List<String> recipients, Finished done) {
        List<DeliveryEvent> events = new ArrayList<>(recipients.size() + 1);
        if (DeliveryEvent.DELIVERED.equals(done.status())) {
            events.add(OutcomeEvents.message(job, DeliveryEvent.PROCESSED, done.occurredAt()));
        }
        events.addAll(OutcomeEvents.of(job, done.attempt(), recipients, done.status(), done.code(), done.response(),
                done.subject(), done.occurredAt()));
        return events;
    }

    private Uni<Void> deadLetter(SendJob job, String reason) {
        return republisher.deadLetter(job, reason, safeRecipients(job));
    }

    private List<String> safeRecipients(SendJob job) {
        try {
            return Recipients.of(job);
        } catch (InvalidJobException e) {
            return List.of();
        }
    }

    /** The reply as one line: Angus's reply text already starts with its code, a dropped connection has none. */
    static String describe(SmtpResult result) {
        String response = result.response() == null ? "" : result.response();
        if (result.code() == null || response.startsWith(result.code() + " ")) {
            return response;
        }
        return result.code() + " " + response;
    }

    private void count(String outcome) { registry.counter("dispatch.deliveries", "outcome", outcome).increment(); }
    private static Instant earliest(Instant a, Instant b) { return a.isBefore(b) ? a : b; }
}
