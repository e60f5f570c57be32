package org.mintpost.dispatch.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.Topics.RetryTier;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.dispatch.client.SmtpClient;
import org.mintpost.dispatch.client.SmtpResult;
import org.mintpost.dispatch.repository.DeliveredLedger;

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

    private final MessageFactory factory;
    private final SmtpClient smtp;
    private final RetryPolicy retryPolicy;
    private final Republisher republisher;
    private final MeterRegistry registry;
    private final DeliveredLedger ledger;

    public DispatchService(MessageFactory factory, SmtpClient smtp,
            RetryPolicy retryPolicy, Republisher republisher, MeterRegistry registry,
            DeliveredLedger ledger) {
        this.factory = factory;
        this.smtp = smtp;
        this.retryPolicy = retryPolicy;
        this.republisher = republisher;
        this.registry = registry;
        this.ledger = ledger;
        registry.counter("dispatch.duplicates.suppressed");
    }

    public Uni<Void> handle(SendJob job, String sourceTopic) {
        if (job.messageId() == null || job.messageId().isBlank()) {
            return deadLetter(job, "message_id is missing");
        }
        Instant now = Instant.now();
        Uni<Void> queued = Topics.SEND_JOBS.equals(sourceTopic) && job.attempt() == 0
                ? republisher.events(List.of(OutcomeEvents.message(job, DeliveryEvent.QUEUED, now)))
                : Uni.createFrom().voidItem();
        if (job.scheduledAt() != null && job.scheduledAt().isAfter(now.plus(EARLY_MARGIN))) {
            return Uni.combine().all().unis(queued, park(job, sourceTopic, now)).discardItems();
        }
        return Uni.combine().all().unis(queued, deliver(job)).discardItems();
    }

    private Uni<Void> deliver(SendJob job) {
        String messageId = job.messageId();
        // the lookup, the attempt (building the message, the SMTP conversation) and its outcome run on an SMTP
        // thread: the ledger is written by the thread that read the 250, at once (see DeliveredLedger)
        return Uni.createFrom().item(() -> ledger.claim(messageId)).runSubscriptionOn(smtp.executor()).chain(claimed -> {
            // handed out again (a crash before the offset commit, a broker restart, a client's retry after a
            // gateway crash): already finished, or being attempted right now
            if (!claimed) {
                registry.counter("dispatch.duplicates.suppressed").increment();
                Log.debugf("message %s was finished before or is being sent; not sent again", messageId);
                return Uni.createFrom().voidItem();
            }
            return attempt(job).eventually(() -> ledger.end(messageId));
        });
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
        return republisher.events(events).chain(() -> delayed);
    }

    private Uni<Void> attempt(SendJob job) {
        List<String> recipients;
        Uni<SmtpResult> sending;
        String subject;
        try {
            recipients = factory.recipients(job);
            if (job.rawMime() != null) {
                SMTPMessage message = smtp.parse(factory.rawMime(job));
                subject = message.getSubject();
                sending = smtp.send(message, job.envelopeFrom(), recipients);
            } else {
                MimeMessage message = factory.toMime(job, smtp.session());
                subject = job.content().subject();
                sending = smtp.send(message, factory.envelopeFrom(job), recipients);
            }
        } catch (InvalidJobException e) {
            return deadLetter(job, e.getMessage());
        } catch (MessagingException e) {
            return deadLetter(job, "raw_mime cannot be parsed: " + e.getMessage());
        }
        Timer.Sample sample = Timer.start(registry);
        String summarySubject = subject;
        return sending.onItem().transformToUni(result -> {
            sample.stop(registry.timer("dispatch.attempt", "result", result.kind().name().toLowerCase()));
            return outcome(job, recipients, summarySubject, result);
        });
    }

    private Uni<Void> outcome(SendJob job, List<String> recipients, String subject, SmtpResult result) {
        Instant now = Instant.now();
        int attemptNo = job.attempt() + 1;
        switch (result.kind()) {
            case ACCEPTED -> {
                ledger.markDone(job.messageId());
                count(DeliveryEvent.DELIVERED);
                List<DeliveryEvent> events = new ArrayList<>(recipients.size() + 1);
                events.add(OutcomeEvents.message(job, DeliveryEvent.PROCESSED, now));
                events.addAll(OutcomeEvents.of(job, recipients, DeliveryEvent.DELIVERED, result.code(),
                        result.response(), subject, now));
                return republisher.events(events);
            }
            case PERMANENT -> {
                count(DeliveryEvent.HARD_BOUNCED);
                Log.infof("message %s hard-bounced on attempt %d: %s %s", job.messageId(), attemptNo,
                        result.code(), result.response());
                ledger.markDone(job.messageId());
                return republisher.events(OutcomeEvents.of(job, recipients, DeliveryEvent.HARD_BOUNCED,
                        result.code(), result.response(), subject, now));
            }
            default -> {
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
                        .chain(() -> republisher.putBack(job, tier.topic(), retry, recipients));
            }
        }
    }

    private Uni<Void> deadLetter(SendJob job, String reason) {
        return republisher.deadLetter(job, reason, safeRecipients(job));
    }

    private List<String> safeRecipients(SendJob job) {
        try {
            return factory.recipients(job);
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

    private void count(String outcome) {
        registry.counter("dispatch.deliveries", "outcome", outcome).increment();
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
