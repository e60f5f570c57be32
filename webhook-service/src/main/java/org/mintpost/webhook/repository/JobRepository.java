package org.mintpost.webhook.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The durable delivery queue ({@code webhooks.job}). A job is claimed with {@code FOR UPDATE SKIP LOCKED} and a
 * lease, so instances share the queue and a crashed instance's jobs are taken again when the lease runs out
 * (at least once). A job waits while an earlier job of the same message for the same webhook is open, so one
 * message's events arrive in order (so two jobs of one message are never claimed together); each claim round
 * takes no more of a webhook's jobs than its share still free here, so a slow endpoint holds only its own back.
 */
@ApplicationScoped
public class JobRepository {

    private static final String CLAIM = """
            WITH candidate AS (
              SELECT c.id FROM (
                SELECT j.id, j.webhook_id,
                  row_number() OVER (PARTITION BY j.webhook_id ORDER BY j.next_attempt_at, j.seq) AS rn
                FROM webhooks.job j JOIN webhooks.webhook w ON w.id = j.webhook_id
                WHERE j.open AND w.enabled AND j.next_attempt_at <= now()
                  AND (j.leased_until IS NULL OR j.leased_until < now())
                  AND (j.message_id IS NULL OR NOT EXISTS (
                    SELECT 1 FROM webhooks.job e WHERE e.open AND e.webhook_id = j.webhook_id
                      AND e.message_id = j.message_id AND e.seq < j.seq))
                ORDER BY j.next_attempt_at LIMIT 1000) c
              LEFT JOIN unnest(?::text[], ?::int[]) AS f(webhook_id, in_flight) ON f.webhook_id = c.webhook_id::text
              WHERE c.rn <= ? - coalesce(f.in_flight, 0)),
            due AS (
              SELECT j.id FROM webhooks.job j WHERE j.id IN (SELECT id FROM candidate)
                AND j.open AND (j.leased_until IS NULL OR j.leased_until < now())
              ORDER BY j.next_attempt_at LIMIT ? FOR UPDATE OF j SKIP LOCKED)
            UPDATE webhooks.job j SET leased_until = now() + make_interval(secs => ?)
            FROM due, webhooks.webhook w
            WHERE j.id = due.id AND w.id = j.webhook_id
            RETURNING j.id::text, j.webhook_id::text, j.event_type, j.payload, j.attempts, j.created_at, w.url,
              w.secret_sealed
            """;

    private final DataSource db;

    public JobRepository(DataSource db) {
        this.db = db;
    }

    /**
     * Adds a job unless this webhook already has one for the event (a redelivered event adds nothing); true when
     * it was added.
     */
    public boolean enqueue(Connection c, String id, String webhookId, String eventId, String eventType,
            String messageId, String payload) throws SQLException {
        String sql = "INSERT INTO webhooks.job (id, webhook_id, event_id, event_type, message_id, payload, "
                + "next_attempt_at, created_at) VALUES (?::uuid, ?::uuid, ?, ?, ?, ?, now(), now()) "
                + "ON CONFLICT (webhook_id, event_id) DO NOTHING";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            ps.setString(2, webhookId);
            ps.setString(3, eventId);
            ps.setString(4, eventType);
            ps.setString(5, messageId);
            ps.setString(6, payload);
            return ps.executeUpdate() > 0;
        }
    }

    /** A job to queue: one event for one webhook. */
    public record NewJob(String id, String webhookId, String eventId, String eventType, String messageId,
            String payload) {
    }

    /**
     * Queues jobs in one batch, in order (their {@code seq} follows it), each with its {@code pending} entry in the
     * attempt log; a webhook's job for an event already queued adds nothing (a redelivered event).
     */
    public void enqueueAll(Connection c, List<NewJob> batch) throws SQLException {
        if (batch.isEmpty()) {
            return;
        }
        String sql = "WITH j AS (INSERT INTO webhooks.job (id, webhook_id, event_id, event_type, message_id, payload, "
                + "next_attempt_at, created_at) VALUES (?::uuid, ?::uuid, ?, ?, ?, ?, now(), now()) "
                + "ON CONFLICT (webhook_id, event_id) DO NOTHING RETURNING id, webhook_id, event_type, payload) "
                + "INSERT INTO webhooks.delivery (id, webhook_id, job_id, event_type, status, attempt_number, payload, "
                + "created_at) SELECT id, webhook_id, id, event_type, '" + DeliveryRepository.PENDING
                + "', 1, payload, clock_timestamp() FROM j";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (NewJob job : batch) {
                ps.setString(1, job.id());
                ps.setString(2, job.webhookId());
                ps.setString(3, job.eventId());
                ps.setString(4, job.eventType());
                ps.setString(5, job.messageId());
                ps.setString(6, job.payload());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Claims up to {@code max} due jobs, at most {@code perWebhook} minus what {@code inFlight} says this instance
     * already holds per webhook.
     */
    public List<ClaimedJob> claim(int max, Map<String, Integer> inFlight, int perWebhook, Duration lease) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(CLAIM)) {
            List<String> ids = new ArrayList<>(inFlight.keySet());
            ps.setArray(1, Jdbc.textArray(c, ids));
            ps.setArray(2, c.createArrayOf("integer", ids.stream().map(inFlight::get).toArray()));
            ps.setInt(3, perWebhook);
            ps.setInt(4, max);
            ps.setDouble(5, lease.toMillis() / 1000.0);
            List<ClaimedJob> jobs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    jobs.add(new ClaimedJob(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getInt(5), Jdbc.instant(rs, "created_at"), rs.getString(7), rs.getString(8)));
                }
            }
            return jobs;
        } catch (SQLException e) {
            throw Jdbc.failure(e);
        }
    }

    /** A job that is done and the attempts it took. */
    public record Closed(String jobId, int attempts) {
    }

    /** A job tried again after {@code delay}. */
    public record Retry(String jobId, int attempts, Duration delay) {
    }

    /** Closes every job of {@code done} in one batch. */
    public void closeAll(Connection c, List<Closed> done) throws SQLException {
        if (done.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE webhooks.job SET open = false, attempts = ?, leased_until = NULL WHERE id = ?::uuid")) {
            for (Closed job : done) {
                ps.setInt(1, job.attempts());
                ps.setString(2, job.jobId());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Puts every job of {@code later} back with its delay, in one batch. */
    public void retryAllLater(Connection c, List<Retry> later) throws SQLException {
        if (later.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE webhooks.job SET attempts = ?, leased_until = NULL, "
                + "next_attempt_at = now() + make_interval(secs => ?) WHERE id = ?::uuid")) {
            for (Retry job : later) {
                ps.setInt(1, job.attempts());
                ps.setDouble(2, job.delay().toMillis() / 1000.0);
                ps.setString(3, job.jobId());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Gives up the leases of jobs claimed but not attempted: any instance may take them at once. */
    public void release(List<String> jobIds) {
        if (jobIds.isEmpty()) {
            return;
        }
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE webhooks.job SET leased_until = NULL WHERE id = ANY(?::uuid[]) AND open")) {
            ps.setArray(1, Jdbc.textArray(c, jobIds));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw Jdbc.failure(e);
        }
    }

    /** Open jobs: what is still to be delivered (a gauge). */
    public long backlog() {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM webhooks.job WHERE open");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw Jdbc.failure(e);
        }
    }
}
