package org.mintpost.dispatch.repository;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.resilience.CallBreaker;
import org.mintpost.dispatch.config.DispatchConfig;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import redis.clients.jedis.params.SetParams;

/**
 * The messages the workers have finished with (accepted or refused for good by the upstream), shared by
 * every worker in Redis for {@code mintpost.dispatch.ledger.ttl}: a send job that Kafka hands out again
 * (a worker killed before it committed its offsets, a broker restart, a rebalance) is then not sent a
 * second time. A small in-memory set answers for what this instance did itself.
 *
 * <p>Calls block, and are made on the SMTP threads: the record of a delivery is written by the thread
 * that read the upstream's {@code 250}, on its own connection, at once. (Through the reactive client the
 * write waited for an event loop shared by every delivery in flight: 70–150 ms under load, which was
 * the window in which a {@code kill -9} made a duplicate.)
 *
 * <p>Delivery stays at least once: if Redis does not answer within {@code mintpost.dispatch.ledger.timeout},
 * the job is sent (and {@code dispatch_ledger_unavailable_total} counts it). What is left is the moment
 * between the upstream's {@code 250} and the ledger write.
 */
@ApplicationScoped
public class DeliveredLedger {

    static final String PREFIX = "mintpost:dispatch:done:";

    private final RecentOutcomes recent;
    private final DispatchConfig.Ledger config;
    private final Counter unavailable;
    private final Counter duplicates;
    private final Set<String> attempting = ConcurrentHashMap.newKeySet();
    private final LedgerStore redis;
    private final LedgerBacklog backlog;

    public DeliveredLedger(DispatchConfig config, LedgerStore redis, MeterRegistry registry) {
        this.config = config.ledger();
        this.recent = new RecentOutcomes(config.duplicateCacheSize());
        this.unavailable = registry.counter("dispatch.ledger.unavailable");
        this.duplicates = registry.counter("dispatch.duplicates");
        this.redis = redis;
        this.backlog = new LedgerBacklog(config.duplicateCacheSize(), this::writeAgain);
        Gauge.builder("dispatch.ledger.backlog", backlog, LedgerBacklog::size)
                .description("ledger records waiting to be written again").register(registry);
    }

    /** What a claim found: the message is free to attempt, being attempted here, or finished (outcome or null). */
    public record Claim(boolean granted, Finished finished) {

        static final Claim GRANTED = new Claim(true, null);
        static final Claim BUSY = new Claim(false, null);

        /** Finished before, by this worker or another. */
        public boolean isFinished() {
            return !granted && finished != null;
        }
    }

    /** Finished before (by this worker or another), with its outcome; null when not. Blocks (at most the timeout). */
    Finished lookup(String messageId) {
        if (!redis.enabled()) {
            return null;
        }
        Finished known = recent.get(messageId);
        if (known != null) {
            return known;
        }
        try {
            String value = redis.call(jedis -> jedis.get(PREFIX + messageId));
            return value == null ? null : value.equals(Finished.LEGACY) ? UNKNOWN : Finished.decode(value);
        } catch (RuntimeException e) {
            unavailable(e, "lookup failed, sending anyway");
            return null;
        }
    }

    /** A message finished before its outcome was kept in the ledger. */
    static final Finished UNKNOWN = new Finished(null, null, null, 0, 0, null);

    /**
     * Claims the message for an attempt by this instance: not granted when it is being attempted here right now
     * (the same job handed out twice in a row: the running attempt either finishes it or schedules its retry) or
     * was finished before (then with what the upstream said, null when the entry predates outcomes). Blocks (at
     * most the timeout). The attempt is marked first and the ledger read after: a copy that another attempt of
     * this instance finishes in between is then seen finished (its record is written before its mark is lifted),
     * where the other order let a copy read "not done", wait, find the mark already lifted, and send it again.
     * Every granted claim is followed by {@link #end}.
     */
    public Claim claim(String messageId) {
        if (!attempting.add(messageId)) {
            return Claim.BUSY;
        }
        Finished finished = lookup(messageId);
        if (finished != null) {
            attempting.remove(messageId);
            return new Claim(false, finished == UNKNOWN ? null : finished);
        }
        return Claim.GRANTED;
    }

    public void end(String messageId) {
        attempting.remove(messageId);
    }

    /**
     * Records that the message is finished and how; blocks (at most the timeout) and never fails (a lost record
     * only allows a duplicate). A message this instance had finished before counts in
     * {@code dispatch_duplicates_total}.
     */
    public void finished(String messageId, Finished outcome) {
        if (recent.finishedBefore(messageId, outcome)) {
            duplicates.increment();
        }
        if (!redis.enabled()) {
            return;
        }
        String value = outcome.encode();
        try {
            write(new LedgerBacklog.Entry(messageId, value));
        } catch (RuntimeException e) {
            unavailable(e, "write failed (written again in the background)");
            backlog.add(messageId, value);
        }
    }

    private void write(LedgerBacklog.Entry entry) {
        redis.call(jedis -> jedis.set(PREFIX + entry.messageId(), entry.value(),
                new SetParams().px(config.ttl().toMillis())));
    }

    /** The backlog's second and later tries: neither counted nor logged again. */
    private boolean writeAgain(LedgerBacklog.Entry entry) {
        try {
            write(entry);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @PreDestroy
    void stop() {
        backlog.stop();
    }

    /** Counted each time; logged unless the breaker is open (then it was said when it opened). */
    private void unavailable(RuntimeException e, String what) {
        unavailable.increment();
        if (e instanceof CallBreaker.OpenException) {
            Log.debugf("delivered-ledger %s: the ledger is treated as down", what);
        } else {
            Log.warnf("delivered-ledger %s: %s", what, e.toString());
        }
    }
}
