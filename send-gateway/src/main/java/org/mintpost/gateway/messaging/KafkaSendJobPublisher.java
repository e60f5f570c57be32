package org.mintpost.gateway.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.EmailContent;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.gateway.config.GatewayConfig;
import org.mintpost.gateway.observability.SendJobTracing;
import org.mintpost.gateway.service.SendJobPublisher;

import io.opentelemetry.api.trace.Span;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * {@code send-jobs} publisher, key = project id, through the {@link GatewayProducer} ({@code acks=all},
 * idempotent). Jobs are handed to the producer by the caller's own thread, which never waits there (large
 * jobs, whose JSON takes milliseconds to write, by a worker thread instead of an event loop); a
 * job the producer refuses at once (no metadata yet, buffer full) is tried again every
 * {@value #RETRY_MS} ms on the producer's retry thread until {@code mintpost.kafka.send-timeout}. The
 * broker's ack is handed back to the caller's Vert.x context, so the producer's network thread only moves
 * acks and never runs the rest of a request. Every publish is answered within the send timeout.
 */
@ApplicationScoped
public class KafkaSendJobPublisher implements SendJobPublisher {

    static final long RETRY_MS = 50;
    /** Jobs with more text than this are handed to the producer from a worker thread, not an event loop. */
    static final long EVENT_LOOP_MAX_CHARS = 256 * 1024;

    private final GatewayProducer producer;
    private final Duration timeout;
    private final SendJobTracing tracing;

    public KafkaSendJobPublisher(GatewayProducer producer, GatewayConfig config) {
        this(producer, config, SendJobTracing.NOOP);
    }

    @Inject
    public KafkaSendJobPublisher(GatewayProducer producer, GatewayConfig config, SendJobTracing tracing) {
        this.producer = producer;
        this.timeout = config.kafka().sendTimeout();
        this.tracing = tracing;
    }

    @Override
    public Uni<Void> publish(SendJob job) {
        return publishAll(List.of(job));
    }

    @Override
    public Uni<Void> publishAll(List<SendJob> jobs) {
        if (jobs.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().completionStage(() -> {
            Acks acks = new Acks(jobs.size(), Vertx.currentContext());
            long deadline = System.nanoTime() + timeout.toNanos();
            List<ProducerRecord<String, Object>> records = new ArrayList<>(jobs.size());
            List<Span> spans = new ArrayList<>(jobs.size());
            for (SendJob job : jobs) {
                ProducerRecord<String, Object> record = new ProducerRecord<>(Topics.SEND_JOBS, job.projectId(), job);
                spans.add(tracing.produce(record, job));
                records.add(record);
            }
            acks.answer.whenComplete((ok, error) -> spans.forEach(span -> SendJobTracing.acked(span,
                    error instanceof Exception e ? e : null)));
            Runnable sendAll = () -> {
                for (ProducerRecord<String, Object> record : records) {
                    attempt(record, acks, deadline);
                }
            };
            if (Context.isOnEventLoopThread() && chars(jobs) > EVENT_LOOP_MAX_CHARS) {
                // send() writes the job's JSON: megabytes of attachments are written on a worker thread
                try {
                    Infrastructure.getDefaultWorkerPool().execute(sendAll);
                } catch (RejectedExecutionException e) {
                    acks.ack(new PublishFailedException("the gateway is shutting down", false));
                }
            } else {
                sendAll.run();
            }
            return acks.answer;
        });
    }

    /** The bulk of the jobs' JSON: bodies, attachments and raw MIME. */
    static long chars(List<SendJob> jobs) {
        long chars = 0;
        for (SendJob job : jobs) {
            chars += length(job.rawMime());
            EmailContent content = job.content();
            if (content != null) {
                chars += length(content.html()) + length(content.text());
                if (content.attachments() != null) {
                    for (EmailContent.Attachment attachment : content.attachments()) {
                        chars += length(attachment.content());
                    }
                }
            }
        }
        return chars;
    }

    private static int length(String value) {
        return value == null ? 0 : value.length();
    }

    private void attempt(ProducerRecord<String, Object> record, Acks acks, long deadline) {
        if (acks.answered()) {
            return;
        }
        boolean queued;
        try {
            queued = producer.trySend(record, (metadata, error) -> acks.ack(error));
        } catch (RuntimeException e) {
            acks.ack(e);
            return;
        }
        if (queued) {
            return;
        }
        if (System.nanoTime() >= deadline) {
            acks.ack(new PublishFailedException("send-jobs could not take the job in time (no metadata or no "
                    + "buffer space)", false));
            return;
        }
        try {
            if (acks.retrying.compareAndSet(false, true)) {
                // a job queued late must still be answered by the deadline
                producer.schedule(() -> acks.ack(new PublishFailedException("send-jobs did not acknowledge in "
                        + "time", false)), Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            }
            producer.schedule(() -> attempt(record, acks, deadline), Duration.ofMillis(RETRY_MS));
        } catch (RejectedExecutionException e) {
            acks.ack(new PublishFailedException("the gateway is shutting down", false));
        }
    }

    /** Collects the acks of one publish; the first failure, or the last ack, answers it (once). */
    private static final class Acks {
        final CompletableFuture<Void> answer = new CompletableFuture<>();
        final AtomicBoolean retrying = new AtomicBoolean();
        private final AtomicInteger missing;
        private final AtomicBoolean done = new AtomicBoolean();
        private final Context caller;

        Acks(int jobs, Context caller) {
            this.missing = new AtomicInteger(jobs);
            this.caller = caller;
        }

        boolean answered() {
            return done.get();
        }

        void ack(Exception error) {
            if (error == null && missing.decrementAndGet() > 0) {
                return;
            }
            if (!done.compareAndSet(false, true)) {
                return;
            }
            if (error != null && !(error instanceof PublishFailedException)) {
                Log.warnf("send-jobs publish failed: %s", error.toString());
            }
            RuntimeException failure = error == null ? null : asPublishFailure(error);
            if (caller == null) {
                complete(failure);
            } else {
                caller.runOnContext(v -> complete(failure));
            }
        }

        private void complete(RuntimeException failure) {
            if (failure == null) {
                answer.complete(null);
            } else {
                answer.completeExceptionally(failure);
            }
        }

        private static RuntimeException asPublishFailure(Exception error) {
            return error instanceof PublishFailedException failed ? failed
                    : new PublishFailedException("send-jobs refused the job: " + error.getClass().getSimpleName(),
                            error instanceof RecordTooLargeException);
        }
    }
}
