package org.mintpost.audit.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.audit.service.MessageEventEntry;
import org.mintpost.audit.service.MessageSummary;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;

/** {@code audit.delivery_event}: append-only delivery events, read back as message timelines. */
@ApplicationScoped
public class DeliveryEventRepository {

    private static final String INSERT = """
            INSERT INTO audit.delivery_event (event_id, occurred_at, message_id, team_id, project_id, recipient,
                status, smtp_code, smtp_response, attempt, from_address, to_addresses, subject, tag, received_at, route_id)
            SELECT u.event_id, u.occurred_at, u.message_id, u.team_id, u.project_id, u.recipient, u.status,
                u.smtp_code, u.smtp_response, u.attempt, u.from_address, u.to_addresses::jsonb, u.subject, u.tag,
                u.received_at, u.route_id
            FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                $8::int4[], $9::text[], $10::int4[], $11::text[], $12::text[], $13::text[], $14::text[],
                $15::timestamptz[], $16::text[])
                AS u(event_id, occurred_at, message_id, team_id, project_id, recipient, status, smtp_code,
                     smtp_response, attempt, from_address, to_addresses, subject, tag, received_at, route_id)
            ON CONFLICT (event_id) DO NOTHING
            """;

    /** The latest event (by occurred_at, ties by attempt, then arrival) and the first event's time. */
    private static final String LATEST = """
            SELECT e.message_id, e.team_id, e.project_id, e.status, e.occurred_at, e.from_address, e.to_addresses,
                e.subject, e.tag, e.received_at,
                (SELECT r.route_id FROM audit.delivery_event r WHERE r.message_id = e.message_id
                    AND r.route_id IS NOT NULL LIMIT 1) AS route_id,
                (SELECT min(f.occurred_at) FROM audit.delivery_event f WHERE f.message_id = e.message_id) AS first_at
            FROM audit.delivery_event e
            WHERE e.message_id = $1
            ORDER BY e.occurred_at DESC, e.attempt DESC, e.id DESC
            LIMIT 1
            """;

    private static final String TIMELINE = """
            SELECT message_id, status, recipient, occurred_at, smtp_code, smtp_response
            FROM audit.delivery_event
            WHERE message_id = $1
            ORDER BY occurred_at, attempt, id
            LIMIT $2
            """;

    private final Pool pool;

    public DeliveryEventRepository(Pool pool) {
        this.pool = pool;
    }

    /** Appends a batch with one statement; returns how many rows were new. */
    public Uni<Integer> append(List<DeliveryEventRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        int n = rows.size();
        String[] eventId = new String[n];
        OffsetDateTime[] occurredAt = new OffsetDateTime[n];
        String[] messageId = new String[n];
        String[] team = new String[n];
        String[] project = new String[n];
        String[] recipient = new String[n];
        String[] status = new String[n];
        Integer[] smtpCode = new Integer[n];
        String[] smtpResponse = new String[n];
        Integer[] attempt = new Integer[n];
        String[] from = new String[n];
        String[] to = new String[n];
        String[] subject = new String[n];
        String[] tag = new String[n];
        OffsetDateTime[] receivedAt = new OffsetDateTime[n];
        String[] routeId = new String[n];
        for (int i = 0; i < n; i++) {
            DeliveryEventRow row = rows.get(i);
            eventId[i] = row.eventId();
            occurredAt[i] = Sql.utc(row.occurredAt());
            messageId[i] = row.messageId();
            team[i] = row.teamId();
            project[i] = row.projectId();
            recipient[i] = row.recipient();
            status[i] = row.status();
            smtpCode[i] = row.smtpCode();
            smtpResponse[i] = row.smtpResponse();
            attempt[i] = row.attempt();
            from[i] = row.from();
            to[i] = row.toJson();
            subject[i] = row.subject();
            tag[i] = row.tag();
            receivedAt[i] = Sql.utc(row.receivedAt());
            routeId[i] = row.routeId();
        }
        Tuple params = Tuple.tuple(List.<Object>of(eventId, occurredAt, messageId, team, project, recipient, status,
                smtpCode, smtpResponse, attempt, from, to, subject, tag, receivedAt, routeId));
        return pool.preparedQuery(INSERT).execute(params).map(result -> result.rowCount());
    }

    /** The message as its latest event describes it, with the owner to check visibility against. */
    public Uni<Optional<OwnedMessage>> latest(String messageId) {
        return pool.preparedQuery(LATEST).execute(Tuple.of(messageId)).map(rows -> {
            RowIterator<Row> it = rows.iterator();
            if (!it.hasNext()) {
                return Optional.empty();
            }
            Row row = it.next();
            Instant receivedAt = Sql.instant(row.getOffsetDateTime("received_at"));
            Instant createdAt = receivedAt != null ? receivedAt : Sql.instant(row.getOffsetDateTime("first_at"));
            MessageSummary summary = new MessageSummary(row.getString("message_id"), row.getString("status"),
                    Sql.instant(row.getOffsetDateTime("occurred_at")), row.getString("from_address"),
                    Sql.strings(row.getJsonArray("to_addresses")), row.getString("subject"), row.getString("tag"),
                    createdAt, row.getString("route_id"));
            return Optional.of(new OwnedMessage(row.getString("team_id"), row.getString("project_id"), summary));
        });
    }

    /** The message's events, oldest first, at most {@code max}. */
    public Uni<List<MessageEventEntry>> timeline(String messageId, int max) {
        return pool.preparedQuery(TIMELINE).execute(Tuple.of(messageId, max)).map(rows -> {
            List<MessageEventEntry> events = new ArrayList<>(rows.size());
            for (Row row : rows) {
                events.add(new MessageEventEntry(row.getString("message_id"), row.getString("status"),
                        row.getString("recipient"), Sql.instant(row.getOffsetDateTime("occurred_at")),
                        row.getInteger("smtp_code"), row.getString("smtp_response")));
            }
            return events;
        });
    }

    /** Deletes up to {@code chunk} events older than {@code cutoff}; returns how many went. */
    public Uni<Integer> deleteOlderThan(Instant cutoff, int chunk) {
        return pool.preparedQuery("""
                DELETE FROM audit.delivery_event WHERE id IN (
                    SELECT id FROM audit.delivery_event WHERE occurred_at < $1 ORDER BY occurred_at LIMIT $2
                    FOR UPDATE SKIP LOCKED)
                """).execute(Tuple.of(Sql.utc(cutoff), chunk)).map(result -> result.rowCount());
    }

    /** A message summary with the team and project that own it. */
    public record OwnedMessage(String teamId, String projectId, MessageSummary summary) {
    }
}
