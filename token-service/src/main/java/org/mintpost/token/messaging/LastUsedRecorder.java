package org.mintpost.token.messaging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
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

    /** Messages accepted for a team in one calendar month (UTC), and when the last of them was. */
    record Usage(long messages, Instant last) {

        Usage plus(Usage other) {
            return new Usage(messages + other.messages, other.last.isAfter(last) ? other.last : last);
        }
    }

    record UsageKey(UUID teamId, LocalDate month) {
    }

    private final AgroalDataSource dataSource;
    private final Counter writes;
    private final Object lock = new Object();
    private Map<UUID, Use> latest = new ConcurrentHashMap<>();
    private Map<UsageKey, Usage> usage = new HashMap<>();
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

    /** Counts {@code messages} accepted for the team (its usage), written with the next flush. */
    public void countMessages(UUID teamId, Instant at, int messages) {
        if (teamId == null || messages <= 0) {
            return;
        }
        UsageKey key = new UsageKey(teamId, LocalDate.ofInstant(at, ZoneOffset.UTC).withDayOfMonth(1));
        synchronized (lock) {
            usage.merge(key, new Usage(messages, at), Usage::plus);
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
        Map<UsageKey, Usage> counts;
        List<Message<?>> toAck;
        synchronized (lock) {
            if (latest.isEmpty() && unacked.isEmpty() && usage.isEmpty()) {
                return;
            }
            batch = latest;
            counts = usage;
            toAck = unacked;
            latest = new ConcurrentHashMap<>();
            usage = new HashMap<>();
            unacked = new ArrayList<>();
        }
        try {
            writeUsage(counts);
            counts = Map.of();
            write(batch);
            toAck.forEach(Message::ack);
        } catch (Exception e) {
            Log.warnf("could not write last-used metadata of %d token(s), will retry: %s", batch.size(),
                    e.getClass().getSimpleName());
            Map<UsageKey, Usage> unwritten = counts;
            synchronized (lock) {
                unwritten.forEach((key, count) -> usage.merge(key, count, Usage::plus));
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

    /** Adds the counts to {@code team_usage} (a team row is made for a team known only to the edge). */
    private void writeUsage(Map<UsageKey, Usage> counts) throws Exception {
        if (counts.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement team = c.prepareStatement("insert into tokens.teams (id, name, created_at) "
                        + "values (?, 'Team', now()) on conflict (id) do nothing");
                PreparedStatement add = c.prepareStatement("insert into tokens.team_usage (team_id, period_start, "
                        + "usage, last_incremented_at) values (?, ?, ?, ?) on conflict (team_id, period_start) do "
                        + "update set usage = team_usage.usage + excluded.usage, last_incremented_at = "
                        + "greatest(team_usage.last_incremented_at, excluded.last_incremented_at)")) {
            c.setAutoCommit(false);
            for (Map.Entry<UsageKey, Usage> e : counts.entrySet()) {
                team.setObject(1, e.getKey().teamId());
                team.addBatch();
                add.setObject(1, e.getKey().teamId());
                add.setObject(2, e.getKey().month());
                add.setLong(3, e.getValue().messages());
                add.setTimestamp(4, Timestamp.from(e.getValue().last()));
                add.addBatch();
            }
            team.executeBatch();
            add.executeBatch();
            c.commit();
        }
    }

    /** Graceful shutdown: what was consumed is written before the pool closes. */
    void stop(@Observes ShutdownEvent event) {
        flush();
    }
}
