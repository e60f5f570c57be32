package org.mintpost.token.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.producer.Producer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.mintpost.token.config.TokenServiceConfig;
import org.mintpost.token.service.ChangePublisher;
import org.mintpost.token.service.PublicationPending;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Publishes outbox rows ({@link OutboxTable}) to their topics, the account context's compacted topics (key the
 * entity's id, value the event record's JSON as written in the transaction), and marks them sent. One relay
 * round at a time, on one thread, in outbox id order, under a PostgreSQL advisory lock shared by every
 * instance: so changes of one entity reach Kafka in revision order and the compacted topic keeps the newest
 * state. A round runs right after each commit (callers wait for it: {@link #publishCommitted()}) and every
 * {@code mintpost.outbox.relay-interval} as a safety net for rows a crash left unsent.
 */
@ApplicationScoped
public class OutboxRelay implements ChangePublisher {

    private final OutboxTable table;
    private final TokenServiceConfig config;
    private final String bootstrapServers;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-relay");
        t.setDaemon(true);
        return t;
    });
    private final Object lock = new Object();
    private final AtomicBoolean paused = new AtomicBoolean(false);
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong lastRoundFailedAt = new AtomicLong();
    private final Counter published;
    private final Timer roundTimer;
    private CompletableFuture<Void> queued;
    private Producer<String, String> producer;
    private volatile boolean stopping;
    private Instant lastCleanup = Instant.EPOCH;

    public OutboxRelay(AgroalDataSource dataSource, TokenServiceConfig config, MeterRegistry meters,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.table = new OutboxTable(dataSource);
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.published = meters.counter("mintpost.outbox.published");
        this.roundTimer = meters.timer("mintpost.outbox.round");
        meters.gauge("mintpost.outbox.pending", pending);
        paused.set(!config.outbox().publishEnabled());
    }

    @Override
    public Uni<Void> publishCommitted() {
        Duration timeout = config.outbox().publishTimeout();
        return Uni.createFrom().deferred(() -> {
            // the round completes on the relay thread: come back to the caller's Vert.x context
            Context context = Vertx.currentContext();
            Uni<Void> round = Uni.createFrom().completionStage(this::requestRound)
                    .ifNoItem().after(timeout).fail()
                    .onFailure().transform(e -> new PublicationPending(
                            "The change is saved but Kafka has not acknowledged it yet; it will be published "
                                    + "shortly.", e));
            return context == null ? round : round.emitOn(task -> context.runOnContext(ignored -> task.run()));
        });
    }

    @Override
    public void nudge() {
        requestRound();
    }

    /** The safety net: publishes whatever is left unsent. */
    @Scheduled(every = "${mintpost.outbox.relay-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        requestRound();
    }

    /**
     * A round that starts after this call: if one is queued and not started yet, it is shared (it will
     * see every row committed before now).
     */
    public CompletableFuture<Void> requestRound() {
        if (stopping) {
            return CompletableFuture.failedFuture(new IllegalStateException("the outbox relay is stopping"));
        }
        synchronized (lock) {
            if (queued != null) {
                return queued;
            }
            CompletableFuture<Void> round = new CompletableFuture<>();
            queued = round;
            try {
                thread.execute(() -> {
                    synchronized (lock) {
                        if (queued == round) {
                            queued = null;
                        }
                    }
                    try {
                        runRound();
                        round.complete(null);
                    } catch (Exception e) {
                        round.completeExceptionally(e);
                    }
                });
            } catch (RuntimeException rejected) {
                queued = null;
                round.completeExceptionally(rejected);
            }
            return round;
        }
    }

    /** Stops publishing (rows stay in the outbox): an operator's switch, and the tests' stand-in for a crash. */
    public void pause() {
        paused.set(true);
    }

    /** Publishing goes on with the next scheduled round, as after a restart. */
    public void resume() {
        paused.set(false);
    }

    public long pendingRows() {
        return pending.get();
    }

    /** Epoch millis since when rounds fail, 0 when the last round succeeded. */
    public long lastRoundFailedAt() {
        return lastRoundFailedAt.get();
    }

    private void runRound() throws Exception {
        if (paused.get()) {
            throw new IllegalStateException("the outbox relay is paused");
        }
        Timer.Sample sample = Timer.start();
        try {
            int sent;
            do {
                sent = publishBatch();
            } while (sent == config.outbox().batchSize() && !stopping);
            cleanupNowAndThen();
            lastRoundFailedAt.set(0);
        } catch (Exception e) {
            lastRoundFailedAt.compareAndSet(0, System.currentTimeMillis());
            Log.warnf("outbox relay round failed (will retry): %s", e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            throw e;
        } finally {
            sample.stop(roundTimer);
        }
    }

    private int publishBatch() throws Exception {
        int sent = table.publishBatch(producer(), config.outbox().batchSize(), config.outbox().publishTimeout());
        if (sent > 0) {
            published.increment(sent);
        }
        pending.set(table.pending());
        return sent;
    }

    private void cleanupNowAndThen() throws Exception {
        Instant now = Instant.now();
        if (Duration.between(lastCleanup, now).toMinutes() < 10) {
            return;
        }
        lastCleanup = now;
        int removed = table.deleteSentBefore(now.minus(config.outbox().retention()));
        if (removed > 0) {
            Log.debugf("removed %d sent outbox rows", removed);
        }
    }

    private synchronized Producer<String, String> producer() {
        if (producer == null) {
            producer = OutboxTable.producer(bootstrapServers);
        }
        return producer;
    }

    /** Graceful shutdown: one last round for what is committed, then close the producer. */
    void stop(@Observes ShutdownEvent event) {
        try {
            if (!paused.get()) {
                requestRound().get(5, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            Log.infof("outbox rows left unsent at shutdown are published after the next start");
        }
        stopping = true;
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
        }
    }
}
