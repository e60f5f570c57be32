package org.mintpost.audit.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.audit.service.MessageEventEntry;
import org.mintpost.audit.service.MessageView;
import org.mintpost.contracts.event.MessageSummary;
import org.mintpost.contracts.kafka.EventJson;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;

/** {@code audit.message} (the read model) and the timelines in {@code audit.delivery_event}. */
@ApplicationScoped
public class MessageRepository {

    private static final String COLUMNS = """
            message_id, team_id, project_id, route_id, status, status_changed_at, created_at, scheduled_at,
            from_address, to_addresses, subject, tag, metadata, summary, delivery_mode, sandbox_result""";

    private static final String EVENT_COLUMNS = """
            id, message_id, status, recipient, occurred_at, smtp_code, smtp_response, attempt, tag, data""";

    private final Pool pool;

    public MessageRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Optional<MessageView>> find(String messageId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM audit.message WHERE message_id = $1")
                .execute(Tuple.of(messageId)).map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    return it.hasNext() ? Optional.of(view(it.next())) : Optional.empty();
                });
    }

    /** One page (see {@link MessageQuery}): an index range over the team's, project's or route's newest rows. */
    public Uni<List<MessageView>> page(MessageQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit.message WHERE team_id = $1");
        List<Object> args = new ArrayList<>();
        args.add(q.teamId());
        equal(sql, args, "project_id", q.projectId());
        equal(sql, args, "route_id", q.routeId());
        equal(sql, args, "status", q.status());
        equal(sql, args, "tag", q.tag());
        if (q.tagsJson() != null) {
            args.add(q.tagsJson());
            sql.append(" AND summary -> 'tags' @> $").append(args.size()).append("::text::jsonb");
        }
        if (q.fromLike() != null) {
            args.add(q.fromLike());
            sql.append(" AND from_address ILIKE $").append(args.size());
        }
        if (q.subjectLike() != null) {
            args.add(q.subjectLike());
            sql.append(" AND subject ILIKE $").append(args.size());
        }
        if (q.searchLike() != null) {
            args.add(q.searchLike());
            int n = args.size();
            sql.append(" AND (from_address ILIKE $").append(n).append(" OR subject ILIKE $").append(n)
                    .append(" OR to_addresses::text ILIKE $").append(n).append(')');
        }
        if (q.fromDate() != null) {
            args.add(Sql.utc(q.fromDate()));
            sql.append(" AND created_at >= $").append(args.size());
        }
        if (q.toDate() != null) {
            args.add(Sql.utc(q.toDate()));
            sql.append(" AND created_at < $").append(args.size());
        }
        if (q.deliveryMode() != null) {
            sql.append("sandbox".equals(q.deliveryMode()) ? " AND delivery_mode = 'sandbox'"
                    : " AND delivery_mode IS DISTINCT FROM 'sandbox'");
        }
        if (q.overdue() != null) {
            String overdue = "(status = 'scheduled' AND scheduled_at IS NOT NULL AND scheduled_at < now())";
            sql.append(q.overdue() ? " AND " + overdue : " AND NOT " + overdue);
        }
        if (q.afterCreatedAt() != null) {
            args.add(Sql.utc(q.afterCreatedAt()));
            args.add(q.afterId());
            sql.append(" AND (created_at, message_id) < ($").append(args.size() - 1).append(", $")
                    .append(args.size()).append(')');
        }
        args.add(q.limit());
        sql.append(" ORDER BY created_at DESC, message_id DESC LIMIT $").append(args.size());
        return pool.preparedQuery(sql.toString()).execute(Tuple.from(args)).map(rows -> {
            List<MessageView> out = new ArrayList<>(rows.size());
            rows.forEach(row -> out.add(view(row)));
            return out;
        });
    }

    /**
     * The message's events oldest first (by occurred_at, attempt, arrival), at most {@code limit}, after the event
     * with id {@code afterId} when that is not null.
     */
    public Uni<List<MessageEventEntry>> timeline(String messageId, Long afterId, int limit) {
        String sql = afterId == null
                ? "SELECT " + EVENT_COLUMNS + " FROM audit.delivery_event WHERE message_id = $1"
                        + " ORDER BY occurred_at, attempt, id LIMIT $2"
                : "SELECT " + EVENT_COLUMNS + " FROM audit.delivery_event WHERE message_id = $1"
                        + " AND (occurred_at, attempt, id) > (SELECT occurred_at, attempt, id FROM audit.delivery_event"
                        + " WHERE id = $3 AND message_id = $1) ORDER BY occurred_at, attempt, id LIMIT $2";
        Tuple args = afterId == null ? Tuple.of(messageId, limit) : Tuple.of(messageId, limit, afterId);
        return pool.preparedQuery(sql).execute(args).map(rows -> {
            List<MessageEventEntry> events = new ArrayList<>(rows.size());
            for (Row row : rows) {
                events.add(new MessageEventEntry(row.getLong("id"), row.getString("message_id"),
                        row.getString("status"), row.getString("recipient"),
                        Sql.instant(row.getOffsetDateTime("occurred_at")), row.getInteger("smtp_code"),
                        row.getString("smtp_response"), row.getInteger("attempt"), row.getString("tag"),
                        strings(row.getJsonObject("data"))));
            }
            return events;
        });
    }

    /** Deletes up to {@code chunk} messages created before {@code cutoff}; returns how many went. */
    public Uni<Integer> deleteOlderThan(Instant cutoff, int chunk) {
        return pool.preparedQuery("""
                DELETE FROM audit.message WHERE message_id IN (
                    SELECT message_id FROM audit.message WHERE created_at < $1 ORDER BY created_at LIMIT $2
                    FOR UPDATE SKIP LOCKED)
                """).execute(Tuple.of(Sql.utc(cutoff), chunk)).map(result -> result.rowCount());
    }

    /** Effective-open markers ({@code message_open}) of opens older than {@code cutoff}, a chunk at a time. */
    public Uni<Integer> deleteOpensOlderThan(Instant cutoff, int chunk) {
        return pool.preparedQuery("""
                DELETE FROM audit.message_open WHERE (message_id, recipient) IN (
                    SELECT message_id, recipient FROM audit.message_open WHERE first_at < $1 ORDER BY first_at
                    LIMIT $2 FOR UPDATE SKIP LOCKED)
                """).execute(Tuple.of(Sql.utc(cutoff), chunk)).map(result -> result.rowCount());
    }

    private static void equal(StringBuilder sql, List<Object> args, String column, String value) {
        if (value != null) {
            args.add(value);
            sql.append(" AND ").append(column).append(" = $").append(args.size());
        }
    }

    private static MessageView view(Row row) {
        return new MessageView(row.getString("message_id"), row.getString("team_id"), row.getString("project_id"),
                row.getString("route_id"), row.getString("status"),
                Sql.instant(row.getOffsetDateTime("status_changed_at")),
                Sql.instant(row.getOffsetDateTime("created_at")),
                Sql.instant(row.getOffsetDateTime("scheduled_at")), row.getString("from_address"),
                Sql.strings(row.getJsonArray("to_addresses")), row.getString("subject"), row.getString("tag"),
                strings(row.getJsonObject("metadata")), summary(row.getJsonObject("summary")),
                row.getString("delivery_mode"), row.getString("sandbox_result"));
    }

    private static MessageSummary summary(JsonObject object) {
        if (object == null) {
            return null;
        }
        try {
            return EventJson.MAPPER.readValue(object.encode(), MessageSummary.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static Map<String, String> strings(JsonObject object) {
        if (object == null) {
            return null;
        }
        Map<String, String> out = new TreeMap<>();
        object.forEach(e -> out.put(e.getKey(), e.getValue() == null ? null : e.getValue().toString()));
        return out;
    }
}
