package org.mintpost.dispatch.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.Topics.RetryTier;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.dispatch.client.SmtpResult;
import org.mintpost.dispatch.repository.Finished;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * The recipients an attempt did not reach while others' servers took the message (another domain's destination in
 * direct mode, a refusal at {@code RCPT}): the message counts as sent, those refused for good bounce, and those
 * refused for now (4xx, a dropped or backed-off destination) are each told their own reply as {@code soft_bounced}
 * and get a retry of their own: the job again with {@code pending_recipients}, on the retry schedule, never to the
 * recipients already served ({@code failed} once the schedule is over). What was refused is kept in the delivered
 * ledger with the outcome, so a job read again after a crash tells the same and puts the retry back.
 */
@ApplicationScoped
public class PartialDelivery {

    private final RetryPolicy retryPolicy;
    private final Republisher republisher;
    private final MeterRegistry registry;

    public PartialDelivery(RetryPolicy retryPolicy, Republisher republisher, MeterRegistry registry) {
        this.retryPolicy = retryPolicy;
        this.republisher = republisher;
        this.registry = registry;
    }

    /**
     * A job's key in the delivered ledger: its message id, or, for a retry to pending recipients, one of its own per
     * attempt (the message id's entry says the rest went out, and must not stop it).
     */
    public static String ledgerKey(SendJob job) {
        return job.pendingRecipients() == null ? job.messageId() : job.messageId() + "/pending/" + job.attempt();
    }

    /** The refused recipients of an accepted attempt as the ledger keeps them; null when none. */
    public static Map<String, Finished.Refusal> refusals(SmtpResult result) {
        if (result.kind() != SmtpResult.Kind.ACCEPTED || result.refused().isEmpty()) {
            return null;
        }
        Map<String, Finished.Refusal> out = new LinkedHashMap<>();
        result.refused().forEach((r, reply) -> out.put(r,
                new Finished.Refusal(reply.kind() == SmtpResult.Kind.PERMANENT, reply.code(), reply.response())));
        return out;
    }

    /** The recipients of a finished attempt that its outcome (delivered, hard-bounced) is about. */
    static List<String> reached(List<String> recipients, Finished done) {
        return done.refused() == null ? recipients : Recipients.without(recipients, done.refused().keySet());
    }

    /**
     * The events of the refused recipients of an accepted attempt, and the retry of those refused for now: their
     * {@code hard_bounced}, {@code soft_bounced} (or {@code failed}) events, then the retry job put back.
     */
    public Uni<Void> refused(SendJob job, Finished done) {
        if (done.refused() == null || done.refused().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant at = done.occurredAt();
        Optional<Instant> next = retryPolicy.nextAttempt(done.attempt(), job.receivedAt(), at);
        String later = next.isPresent() ? DeliveryEvent.SOFT_BOUNCED : DeliveryEvent.FAILED;
        List<DeliveryEvent> events = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        String lastError = null;
        for (Map.Entry<String, Finished.Refusal> e : done.refused().entrySet()) {
            Finished.Refusal reply = e.getValue();
            String status = reply.permanent() ? DeliveryEvent.HARD_BOUNCED : later;
            events.addAll(OutcomeEvents.of(job, done.attempt(), List.of(e.getKey()), status, reply.code(),
                    reply.response(), done.subject(), at));
            registry.counter("dispatch.deliveries", "outcome", status).increment();
            if (!reply.permanent()) {
                pending.add(e.getKey());
                lastError = DispatchService.describe(new SmtpResult(SmtpResult.Kind.TRANSIENT, reply.code(),
                        reply.response()));
            }
        }
        Uni<Void> told = republisher.events(events);
        if (pending.isEmpty() || next.isEmpty()) {
            return told;
        }
        RetryTier tier = retryPolicy.tierFor(Duration.between(Instant.now(), next.get()));
        SendJob retry = JobCopies.retry(job, Instant.now(), next.get(), lastError, pending);
        // the soft bounces are told first: a retry that cannot be put back follows them as failed
        return told.chain(() -> Republisher.offIo(() -> republisher.putBack(job, tier.topic(), retry, pending)));
    }
}
