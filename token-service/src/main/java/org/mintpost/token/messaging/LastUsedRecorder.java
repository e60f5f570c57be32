package org.mintpost.token.messaging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Coalesces token uses in memory and writes {@code last_used_at}/{@code last_used_ip} at most once per
 * token per flush interval, whatever the rate of uses. The Kafka messages are acknowledged only after
 * the write that covers them, so a crash replays them (the write is idempotent: newest use wins).
 */
@ApplicationScoped
public class LastUsedRecorder {

    record Use(Instant at, String ip) {
    }

    private final AgroalDataSource dataSource;
    private final Counter writes;
    private final Object lock = new Object();
    private Map<UUID, Use> latest = new ConcurrentHashMap<>();
    private List<Message<?>> unacked = new ArrayList<>();

    public LastUsedRecorder(AgroalDataSource dataSource, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.writes = meters.counter("mintpost.last_used.writes");
    }

    /** Remembers a use; {@code message} (may be null) is acknowledged after the next flush. */
    public void record(UUID tokenId, Instant at, String ip, Message<?> message) {
        synchronized (lock) {
            latest.merge(tokenId, new Use(at, ip), (a, b) -> b.at().isAfter(a.at()) ? b : a);
            if (message != null) {
                unacked.add(message);
            }
        }
    }

    /** Adds a message to acknowledge with the next flush without any use in it (e.g. a refused use). */
    public void acknowledgeLater(Message<?> message) {
        synchronized (lock) {
            unacked.add(message);
        }
    }

    /** Number of writes made to the database so far (one per token per flush). */
    public double writes() {
        return writes.count();
    }

    @Scheduled(every = "${mintpost.last-used.flush-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void flush() {
        Map<UUID, Use> batch;
        List<Message<?>> toAck;
        synchronized (lock) {
            if (latest.isEmpty() && unacked.isEmpty()) {
                return;
            }
            batch = latest;
            toAck = unacked;
            latest = new ConcurrentHashMap<>();
            unacked = new ArrayList<>();
        }
        try {
            write(batch);
            toAck.forEach(Message::ack);
        } catch (Exception e) {
            Log.warnf("could not write last-used metadata of %d token(s), will retry: %s", batch.size(),
                    e.getClass().getSimpleName());
            synchronized (lock) {
                batch.forEach((id, use) -> latest.merge(id, use, (a, b) -> b.at().isAfter(a.at()) ? b : a));
                unacked.addAll(toAck);
            }
        }
    }

    private void write(Map<UUID, Use> batch) throws Exception {
        if (batch.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement("update tokens.tokens set last_used_at = ?, "
                        + "last_used_ip = ? where id = ? and (last_used_at is null or last_used_at < ?)")) {
            c.setAutoCommit(true);
            for (Map.Entry<UUID, Use> e : batch.entrySet()) {
                Timestamp at = Timestamp.from(e.getValue().at());
                update.setTimestamp(1, at);
                update.setString(2, e.getValue().ip());
                update.setObject(3, e.getKey());
                update.setTimestamp(4, at);
                update.addBatch();
            }
            update.executeBatch();
        }
        writes.increment(batch.size());
    }

    /** Graceful shutdown: what was consumed is written before the pool closes. */
    void stop(@Observes ShutdownEvent event) {
        flush();
    }
}
