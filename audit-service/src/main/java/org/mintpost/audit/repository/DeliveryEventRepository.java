package org.mintpost.audit.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * {@code audit.delivery_event}: append-only delivery events. The statement that appends a batch also keeps
 * {@code audit.message} (each message's latest status and summary) and {@code audit.message_stats_daily}
 * (daily counters) in step, from the events it actually inserted: one statement, one transaction, and a
 * redelivered event changes nothing anywhere.
 */
@ApplicationScoped
public class DeliveryEventRepository {

    private static final String APPEND = """
            WITH u AS (
                SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[],
                    $7::text[], $8::int4[], $9::text[], $10::int4[], $11::text[], $12::text[], $13::text[],
                    $14::text[], $15::timestamptz[], $16::text[], $17::text[], $18::text[], $19::timestamptz[], $20::text[])
                AS u(event_id, occurred_at, message_id, team_id, project_id, recipient, status, smtp_code,
                     smtp_response, attempt, from_address, to_addresses, subject, tag, received_at, route_id,
                     metadata, data, scheduled_at, summary)
            ), ins AS (
                INSERT INTO audit.delivery_event (event_id, occurred_at, message_id, team_id, project_id, recipient,
                    status, smtp_code, smtp_response, attempt, from_address, to_addresses, subject, tag, received_at,
                    route_id, metadata, data)
                SELECT event_id, occurred_at, message_id, team_id, project_id, recipient, status, smtp_code,
                    smtp_response, attempt, from_address, to_addresses::jsonb, subject, tag, received_at, route_id,
                    metadata::jsonb, data::jsonb
                FROM u
                ON CONFLICT (event_id) DO NOTHING
                RETURNING id, event_id
            ), fresh AS (
                SELECT u.*, ins.id FROM u JOIN ins USING (event_id) WHERE u.team_id IS NOT NULL
            ), latest AS (
                SELECT DISTINCT ON (message_id) * FROM fresh
                ORDER BY message_id, occurred_at DESC, attempt DESC, id DESC
            ), firsts AS (
                SELECT message_id, min(occurred_at) AS first_at, min(received_at) AS received_at,
                    (array_agg(scheduled_at ORDER BY occurred_at DESC, id DESC)
                        FILTER (WHERE scheduled_at IS NOT NULL))[1] AS scheduled_at,
                    (array_agg(summary ORDER BY occurred_at, id) FILTER (WHERE summary IS NOT NULL))[1] AS summary,
                    (array_agg(data::jsonb ->> 'delivery_mode') FILTER (WHERE data::jsonb ? 'delivery_mode'))[1]
                        AS delivery_mode,
                    (array_agg(data::jsonb ->> 'sandbox_result') FILTER (WHERE data::jsonb ? 'sandbox_result'))[1]
                        AS sandbox_result
                FROM fresh GROUP BY message_id
            ), msg AS (
                INSERT INTO audit.message AS m (message_id, team_id, project_id, route_id, status, status_changed_at,
                    status_attempt, status_event_id, created_at, scheduled_at, from_address, to_addresses, subject,
                    tag, metadata, summary, delivery_mode, sandbox_result)
                SELECT l.message_id, l.team_id, l.project_id, l.route_id, l.status, l.occurred_at, l.attempt, l.id,
                    COALESCE(f.received_at, f.first_at), f.scheduled_at, l.from_address, l.to_addresses::jsonb,
                    l.subject, l.tag, l.metadata::jsonb, f.summary::jsonb, f.delivery_mode, f.sandbox_result
                FROM latest l JOIN firsts f USING (message_id)
                ORDER BY l.message_id
                ON CONFLICT (message_id) DO UPDATE SET
                    status = CASE WHEN (EXCLUDED.status_changed_at, EXCLUDED.status_attempt, EXCLUDED.status_event_id)
                        > (m.status_changed_at, m.status_attempt, m.status_event_id)
                        THEN EXCLUDED.status ELSE m.status END,
                    status_changed_at = GREATEST(m.status_changed_at, EXCLUDED.status_changed_at),
                    status_attempt = CASE WHEN (EXCLUDED.status_changed_at, EXCLUDED.status_attempt,
                        EXCLUDED.status_event_id) > (m.status_changed_at, m.status_attempt, m.status_event_id)
                        THEN EXCLUDED.status_attempt ELSE m.status_attempt END,
                    status_event_id = CASE WHEN (EXCLUDED.status_changed_at, EXCLUDED.status_attempt,
                        EXCLUDED.status_event_id) > (m.status_changed_at, m.status_attempt, m.status_event_id)
                        THEN EXCLUDED.status_event_id ELSE m.status_event_id END,
                    created_at = LEAST(m.created_at, EXCLUDED.created_at),
                    scheduled_at = CASE WHEN EXCLUDED.scheduled_at IS NOT NULL
                        AND EXCLUDED.status_changed_at >= m.status_changed_at
                        THEN EXCLUDED.scheduled_at ELSE COALESCE(m.scheduled_at, EXCLUDED.scheduled_at) END,
                    project_id = COALESCE(m.project_id, EXCLUDED.project_id),
                    route_id = COALESCE(m.route_id, EXCLUDED.route_id),
                    from_address = COALESCE(m.from_address, EXCLUDED.from_address),
                    to_addresses = CASE WHEN m.to_addresses = '[]'::jsonb THEN EXCLUDED.to_addresses
                        ELSE m.to_addresses END,
                    subject = COALESCE(m.subject, EXCLUDED.subject),
                    tag = COALESCE(m.tag, EXCLUDED.tag),
                    metadata = COALESCE(m.metadata, EXCLUDED.metadata),
                    summary = COALESCE(m.summary, EXCLUDED.summary),
                    delivery_mode = COALESCE(m.delivery_mode, EXCLUDED.delivery_mode),
                    sandbox_result = COALESCE(m.sandbox_result, EXCLUDED.sandbox_result)
                RETURNING 1
            ), opens AS (
                INSERT INTO audit.message_open (message_id, recipient, event_id, first_at)
                SELECT DISTINCT ON (message_id, lower(recipient)) message_id, lower(recipient), event_id, occurred_at
                FROM fresh
                WHERE status = 'opened' AND recipient IS NOT NULL
                    AND COALESCE(data::jsonb ->> 'classification', 'human') <> 'machine'
                ORDER BY message_id, lower(recipient),
                    (data::jsonb ->> 'classification' = 'human') DESC NULLS LAST, occurred_at
                ON CONFLICT (message_id, recipient) DO NOTHING
                RETURNING event_id
            ), stats AS (
                INSERT INTO audit.message_stats_daily AS s (team_id, project_id, route_id, day, sent, delivered,
                    hard_bounced, soft_bounced, spam_complaints, opened, clicked, suppressed, failed, human_opened,
                    privacy_opened, machine_opened, machine_clicked, effective_opened)
                SELECT team_id, COALESCE(project_id, ''), COALESCE(route_id, ''),
                    (occurred_at AT TIME ZONE 'UTC')::date,
                    count(*) FILTER (WHERE status = 'queued' AND recipient IS NULL),
                    count(*) FILTER (WHERE status = 'delivered'),
                    count(*) FILTER (WHERE status = 'hard_bounced'),
                    count(*) FILTER (WHERE status = 'soft_bounced'),
                    count(*) FILTER (WHERE status = 'spam_complaint'),
                    count(*) FILTER (WHERE status = 'opened'),
                    count(*) FILTER (WHERE status = 'clicked'),
                    count(*) FILTER (WHERE status = 'suppressed'),
                    count(*) FILTER (WHERE status = 'failed'),
                    count(*) FILTER (WHERE status = 'opened' AND data::jsonb ->> 'classification' = 'human'),
                    count(*) FILTER (WHERE status = 'opened' AND data::jsonb ->> 'classification' = 'privacy'),
                    count(*) FILTER (WHERE status = 'opened' AND data::jsonb ->> 'classification' = 'machine'),
                    count(*) FILTER (WHERE status = 'clicked' AND data::jsonb ->> 'classification' = 'machine'),
                    count(*) FILTER (WHERE status = 'opened' AND event_id IN (SELECT event_id FROM opens))
                FROM fresh
                GROUP BY 1, 2, 3, 4
                ORDER BY 1, 2, 3, 4
                ON CONFLICT (team_id, day, project_id, route_id) DO UPDATE SET
                    sent = s.sent + EXCLUDED.sent,
                    delivered = s.delivered + EXCLUDED.delivered,
                    hard_bounced = s.hard_bounced + EXCLUDED.hard_bounced,
                    soft_bounced = s.soft_bounced + EXCLUDED.soft_bounced,
                    spam_complaints = s.spam_complaints + EXCLUDED.spam_complaints,
                    opened = s.opened + EXCLUDED.opened,
                    clicked = s.clicked + EXCLUDED.clicked,
                    suppressed = s.suppressed + EXCLUDED.suppressed,
                    failed = s.failed + EXCLUDED.failed,
                    human_opened = s.human_opened + EXCLUDED.human_opened,
                    privacy_opened = s.privacy_opened + EXCLUDED.privacy_opened,
                    machine_opened = s.machine_opened + EXCLUDED.machine_opened,
                    machine_clicked = s.machine_clicked + EXCLUDED.machine_clicked,
                    effective_opened = s.effective_opened + EXCLUDED.effective_opened
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM ins) AS inserted, (SELECT count(*) FROM msg) AS messages,
                (SELECT count(*) FROM stats) AS days
            """;

    private final Pool pool;

    public DeliveryEventRepository(Pool pool) {
        this.pool = pool;
    }

    /** Appends a batch with one statement (read model and counters included); returns how many rows were new. */
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
        String[] route = new String[n];
        String[] metadata = new String[n];
        String[] data = new String[n];
        OffsetDateTime[] scheduledAt = new OffsetDateTime[n];
        String[] summary = new String[n];
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
            route[i] = row.routeId();
            metadata[i] = row.metadataJson();
            data[i] = row.dataJson();
            scheduledAt[i] = Sql.utc(row.scheduledAt());
            summary[i] = row.summaryJson();
        }
        Tuple params = Tuple.tuple(List.<Object>of(eventId, occurredAt, messageId, team, project, recipient, status,
                smtpCode, smtpResponse, attempt, from, to, subject, tag, receivedAt, route, metadata, data,
                scheduledAt, summary));
        return pool.preparedQuery(APPEND).execute(params)
                .map(result -> result.iterator().next().getLong("inserted").intValue());
    }

    /** Deletes up to {@code chunk} events older than {@code cutoff}; returns how many went. */
    public Uni<Integer> deleteOlderThan(Instant cutoff, int chunk) {
        return pool.preparedQuery("""
                DELETE FROM audit.delivery_event WHERE id IN (
                    SELECT id FROM audit.delivery_event WHERE occurred_at < $1 ORDER BY occurred_at LIMIT $2
                    FOR UPDATE SKIP LOCKED)
                """).execute(Tuple.of(Sql.utc(cutoff), chunk)).map(result -> result.rowCount());
    }
}
