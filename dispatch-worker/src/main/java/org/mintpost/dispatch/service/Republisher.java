package org.mintpost.dispatch.service;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.MessageSource;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.dispatch.config.DispatchConfig;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Puts a job's outcome on Kafka without ever spinning: a refused or unanswered publish is tried again after a
 * growing wait ({@code mintpost.dispatch.republish.*}), never at once. A job that cannot be put back on a delay
 * topic, because it never can (too large for the producer or the topic) or not within the bound, is dead-lettered
 * with the reason and reported {@code failed}; a dead letter too large for its topic goes without its body. Events
 * that still fail after the bound fail the job, which is then read again after a pause (the delivered ledger keeps
 * a message the upstream took from being sent twice).
 */
@ApplicationScoped
public class Republisher {

    static final String DEAD_LETTERED = "dead_lettered";

    private final DispatchPublisher publisher;
    private final DispatchConfig.Republish config;
    private final MeterRegistry registry;
    private final Counter retries;

    public Republisher(DispatchPublisher publisher, DispatchConfig config, MeterRegistry registry) {
        this.publisher = publisher;
        this.config = config.republish();
        this.registry = registry;
        this.retries = registry.counter("dispatch.publish.retries");
    }

    /** Publishes events; a failure is retried with backoff up to the bound, then fails the returned Uni. */
    public Uni<Void> events(List<DeliveryEvent> events) {
        return patiently(Uni.createFrom().deferred(() -> publisher.publishEvents(events)));
    }

    /**
     * Publishes a message's content. Content is kept for reading, not for delivery: a record that still cannot be
     * published after the bound is given up (logged and counted) rather than holding the job's offset.
     */
    public Uni<Void> source(MessageSource source) {
        return patiently(Uni.createFrom().deferred(() -> publisher.publishSource(source)))
                .onFailure().recoverWithItem(failure -> {
                    registry.counter("dispatch.sources.lost").increment();
                    Log.warnf("the content of message %s was not published: %s", source.messageId(),
                            describe(failure));
                    return null;
                });
    }

    /**
     * Puts {@code copy} (a retry or a parked job) on {@code topic}; when that cannot be done, dead-letters
     * {@code original} with the reason and reports it failed to {@code recipients}.
     */
    public Uni<Void> putBack(SendJob original, String topic, SendJob copy, List<String> recipients) {
        return patiently(Uni.createFrom().deferred(() -> publisher.publishDelayed(topic, copy)))
                .onFailure().recoverWithUni(failure -> offIo(() -> deadLetter(original,
                        "could not be put back on " + topic + ": " + describe(failure), recipients)));
    }

    /** Dead-letters the job with the reason (without its body if it is too large) and reports it failed. */
    public Uni<Void> deadLetter(SendJob job, String reason, List<String> recipients) {
        Log.warnf("message %s is dead-lettered: %s", job.messageId(), reason);
        registry.counter("dispatch.deliveries", "outcome", DEAD_LETTERED).increment();
        Uni<Void> letter = patiently(Uni.createFrom().deferred(() -> publisher.publishDeadLetter(job, reason)))
                .onFailure(Republisher::tooLarge).recoverWithUni(failure -> patiently(offIo(
                        () -> publisher.publishDeadLetter(JobCopies.withoutBody(job),
                                reason + "; its content is left out: " + describe(failure)))));
        if (job.messageId() == null || job.messageId().isBlank()) {
            return letter;
        }
        String subject = job.content() == null ? null : job.content().subject();
        return Uni.combine().all().unis(letter,
                events(OutcomeEvents.of(job, recipients, DeliveryEvent.FAILED, null, reason, subject, Instant.now())))
                .discardItems();
    }

    private Uni<Void> patiently(Uni<Void> publish) {
        return publish.onFailure().invoke(failure -> retries.increment())
                .onFailure(failure -> !permanent(failure)).retry()
                .withBackOff(config.initialBackoff(), config.maxBackoff()).expireIn(config.bound().toMillis());
    }

    /**
     * A publish that follows another's ack, made off the producer's I/O thread that answers the acks: made from
     * there, it would wait on that very thread for a topic's metadata. (A publish that ends a job needs no hop.)
     */
    public static Uni<Void> offIo(Supplier<Uni<Void>> publish) {
        return Uni.createFrom().<Void>deferred(publish::get).runSubscriptionOn(Infrastructure.getDefaultExecutor());
    }

    /** A failure that no retry can mend: the record is too large, the topic is unknown or refused to us. */
    static boolean permanent(Throwable failure) {
        if (failure instanceof CompositeException composite) {
            return composite.getCauses().stream().anyMatch(Republisher::permanent);
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (tooLarge(t) || t instanceof InvalidTopicException || t instanceof SerializationException
                    || t instanceof AuthorizationException) {
                return true;
            }
        }
        return false;
    }

    private static boolean tooLarge(Throwable t) {
        if (t instanceof CompositeException composite) {
            return composite.getCauses().stream().anyMatch(Republisher::tooLarge);
        }
        return t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException
                || t.getCause() != null && t.getCause() != t && tooLarge(t.getCause());
    }

    static String describe(Throwable failure) {
        Throwable t = failure instanceof CompositeException c && !c.getCauses().isEmpty() ? c.getCauses().get(0)
                : failure;
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
