package org.mintpost.dispatch.service;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

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
import org.mintpost.dispatch.dkim.DkimSigner;
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
    static final String DEAD_LETTERED = "dead_lettered";

    private final MessageFactory factory;
    private final SmtpClient smtp;
    private final RetryPolicy retryPolicy;
    private final DispatchPublisher publisher;
    private final MeterRegistry registry;
    private final DeliveredLedger ledger;
    private final DkimSigner dkim;

    public DispatchService(MessageFactory factory, SmtpClient smtp,
            RetryPolicy retryPolicy, DispatchPublisher publisher, MeterRegistry registry,
            DeliveredLedger ledger, DkimSigner dkim) {
        this.factory = factory;
        this.smtp = smtp;
        this.retryPolicy = retryPolicy;
        this.publisher = publisher;
        this.registry = registry;
        this.ledger = ledger;
        this.dkim = dkim;
        registry.counter("dispatch.duplicates.suppressed");
    }

    public Uni<Void> handle(SendJob job, String sourceTopic) {
        if (job.messageId() == null || job.messageId().isBlank()) {
            return deadLetter(job, "message_id is missing");
        }
        Instant now = Instant.now();
        Uni<Void> queued = Topics.SEND_JOBS.equals(sourceTopic) && job.attempt() == 0
                ? publisher.publishEvents(List.of(messageEvent(job, DeliveryEvent.QUEUED, now)))
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
        Instant notBefore = earliest(job.scheduledAt(), now.plus(tier.delay()));
        SendJob parked = new SendJob(UUID.randomUUID().toString(), now, job.schemaVersion(), job.messageId(),
                job.teamId(), job.projectId(), job.tokenId(), job.receivedAt(), job.channel(), job.idempotencyKey(),
                job.content(), job.rawMime(), job.envelopeFrom(), job.envelopeTo(), job.tag(), job.metadata(),
                job.route(), job.scheduledAt(), job.attempt(), notBefore, job.lastError(), job.routeId());
        Uni<Void> delayed = publisher.publishDelayed(tier.topic(), parked);
        if (!Topics.SEND_JOBS.equals(sourceTopic)) {
            return delayed;
        }
        count(DeliveryEvent.SCHEDULED);
        List<DeliveryEvent> events = events(job, safeRecipients(job), DeliveryEvent.SCHEDULED, null,
                "scheduled for " + job.scheduledAt(), null, now);
        return Uni.combine().all().unis(delayed, publisher.publishEvents(events)).discardItems();
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
                sending = smtp.send(dkim.sign(job, message), job.envelopeFrom(), recipients);
            } else {
                MimeMessage message = factory.toMime(job, smtp.session());
                subject = job.content().subject();
                sending = smtp.send(dkim.sign(job, message), factory.envelopeFrom(job), recipients);
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
                events.add(messageEvent(job, DeliveryEvent.PROCESSED, now));
                events.addAll(events(job, recipients, DeliveryEvent.DELIVERED, result.code(), result.response(),
                        subject, now));
                return publisher.publishEvents(events);
            }
            case PERMANENT -> {
                count(DeliveryEvent.HARD_BOUNCED);
                Log.infof("message %s hard-bounced on attempt %d: %s %s", job.messageId(), attemptNo,
                        result.code(), result.response());
                ledger.markDone(job.messageId());
                return publisher.publishEvents(events(job, recipients, DeliveryEvent.HARD_BOUNCED, result.code(),
                        result.response(), subject, now));
            }
            default -> {
                Optional<Instant> next = retryPolicy.nextAttempt(attemptNo, job.receivedAt(), now);
                String error = describe(result);
                if (next.isEmpty()) {
                    count(DeliveryEvent.FAILED);
                    Log.infof("message %s failed after %d attempts: %s", job.messageId(), attemptNo, error);
                    return publisher.publishEvents(events(job, recipients, DeliveryEvent.FAILED, result.code(),
                            result.response(), subject, now));
                }
                count(DeliveryEvent.SOFT_BOUNCED);
                Log.debugf("message %s soft-bounced on attempt %d (%s); next try at %s", job.messageId(),
                        attemptNo, error, next.get());
                RetryTier tier = retryPolicy.tierFor(Duration.between(now, next.get()));
                SendJob retry = job.retry(UUID.randomUUID().toString(), now, next.get(), error);
                return Uni.combine().all().unis(
                        publisher.publishDelayed(tier.topic(), retry),
                        publisher.publishEvents(events(job, recipients, DeliveryEvent.SOFT_BOUNCED, result.code(),
                                result.response(), subject, now)))
                        .discardItems();
            }
        }
    }

    private Uni<Void> deadLetter(SendJob job, String reason) {
        Log.warnf("message %s is undeliverable, dead-lettered: %s", job.messageId(), reason);
        count(DEAD_LETTERED);
        if (job.messageId() == null || job.messageId().isBlank()) {
            return publisher.publishDeadLetter(job, reason);
        }
        List<DeliveryEvent> events = events(job, safeRecipients(job), DeliveryEvent.FAILED, null, reason,
                job.content() == null ? null : job.content().subject(), Instant.now());
        return Uni.combine().all().unis(publisher.publishDeadLetter(job, reason), publisher.publishEvents(events))
                .discardItems();
    }

    private List<String> safeRecipients(SendJob job) {
        try {
            return factory.recipients(job);
        } catch (InvalidJobException e) {
            return List.of();
        }
    }

    private List<DeliveryEvent> events(SendJob job, List<String> recipients, String status, Integer code,
            String response, String subject, Instant now) {
        List<String> rcpts = recipients.isEmpty() ? java.util.Collections.singletonList(null) : recipients;
        String from = job.content() != null ? job.content().from() : job.envelopeFrom();
        List<String> to = job.content() != null ? job.content().to() : job.envelopeTo();
        String tag = job.content() != null ? job.content().tag() : job.tag();
        Map<String, String> metadata = job.content() != null ? job.content().metadata() : job.metadata();
        String summarySubject = subject != null ? subject : job.content() == null ? null : job.content().subject();
        List<DeliveryEvent> out = new ArrayList<>(rcpts.size());
        for (String recipient : rcpts) {
            out.add(new DeliveryEvent(UUID.randomUUID().toString(), now, DeliveryEvent.SCHEMA_VERSION,
                    job.messageId(), job.teamId(), job.projectId(), recipient, status, code, response,
                    job.attempt() + 1, from, to, summarySubject, tag, job.receivedAt(), job.routeId(), metadata,
                    null));
        }
        return out;
    }

    /**
     * A message-level event (no recipient) that happens once per message: its id is derived from the message
     * id and the status, so a job handed out again repeats the same event and consumers drop the copy.
     */
    private DeliveryEvent messageEvent(SendJob job, String status, Instant now) {
        String eventId = UUID.nameUUIDFromBytes((job.messageId() + "/" + status).getBytes(StandardCharsets.UTF_8))
                .toString();
        return events(job, List.of(), status, null, null, null, now).get(0).withEventId(eventId);
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
