package org.mintpost.audit.service;

import java.time.Clock;
import java.time.Instant;
import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.audit.config.AuditConfig;
import org.mintpost.audit.repository.ContentRepository;
import org.mintpost.audit.repository.DeliveryEventRepository;
import org.mintpost.audit.repository.MessageRepository;
import org.mintpost.audit.repository.TokenLogRepository;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Time-based retention: deletes log rows, delivery events and messages older than
 * {@code mintpost.audit.retention} by their event (creation) time, and message contents older than
 * {@code content-retention} by delivery time, in chunks of {@code retention-chunk-size} rows per statement so that no
 * delete holds locks or bloats WAL for long. Several instances may run it at once (SKIP LOCKED).
 */
@ApplicationScoped
public class RetentionService {

    private final TokenLogRepository tokenLogs;
    private final DeliveryEventRepository deliveries;
    private final MessageRepository messages;
    private final ContentRepository contents;
    private final IngestMetrics metrics;
    private final AuditConfig config;
    private final Clock clock = Clock.systemUTC();

    public RetentionService(TokenLogRepository tokenLogs, DeliveryEventRepository deliveries,
            MessageRepository messages, ContentRepository contents, IngestMetrics metrics, AuditConfig config) {
        this.tokenLogs = tokenLogs;
        this.deliveries = deliveries;
        this.messages = messages;
        this.contents = contents;
        this.metrics = metrics;
        this.config = config;
    }

    /** What one run deleted, and in how many statements. */
    public record Result(long tokenLogRows, int tokenLogChunks, long deliveryEventRows, int deliveryEventChunks) {
    }

    @Scheduled(identity = "audit-retention", every = "${mintpost.audit.retention-interval}",
            delayed = "${mintpost.audit.retention-initial-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return purge().onFailure().recoverWithItem(failure -> {
            Log.warnf("retention run failed, next run will try again: %s", failure.getMessage());
            return null;
        }).replaceWithVoid();
    }

    /** Deletes everything older than now minus the retention period. */
    public Uni<Result> purge() {
        return purgeBefore(clock.instant().minus(config.retention()));
    }

    public Uni<Result> purgeBefore(Instant cutoff) {
        Chunks logs = new Chunks();
        Chunks events = new Chunks();
        return deleteInChunks("token_log", cutoff, tokenLogs::deleteOlderThan, logs)
                .chain(() -> deleteInChunks("delivery_event", cutoff, deliveries::deleteOlderThan, events))
                .chain(() -> deleteInChunks("message", cutoff, messages::deleteOlderThan, new Chunks()))
                .chain(() -> deleteInChunks("message_open", cutoff, messages::deleteOpensOlderThan, new Chunks()))
                .chain(() -> deleteInChunks("message_content",
                        cutoff.plus(config.retention()).minus(config.contentRetention()), contents::deleteOlderThan,
                        new Chunks()))
                .map(x -> {
                    Result result = new Result(logs.rows, logs.statements, events.rows, events.statements);
                    if (result.tokenLogRows() + result.deliveryEventRows() > 0) {
                        Log.infof("retention before %s: deleted %d token log rows in %d chunks, %d delivery events"
                                + " in %d chunks", cutoff, result.tokenLogRows(), result.tokenLogChunks(),
                                result.deliveryEventRows(), result.deliveryEventChunks());
                    }
                    return result;
                });
    }

    private Uni<Void> deleteInChunks(String table, Instant cutoff, BiFunction<Instant, Integer, Uni<Integer>> delete,
            Chunks chunks) {
        int size = config.retentionChunkSize();
        if (chunks.statements >= config.retentionMaxChunksPerRun()) {
            return Uni.createFrom().voidItem();
        }
        return delete.apply(cutoff, size).chain(deleted -> {
            chunks.statements++;
            chunks.rows += deleted;
            metrics.retentionDeleted(table, deleted);
            if (deleted < size) {
                return Uni.createFrom().voidItem();
            }
            return deleteInChunks(table, cutoff, delete, chunks);
        });
    }

    /** Running totals of one table's deletes in one run. */
    private static final class Chunks {
        private long rows;
        private int statements;
    }
}
