package org.mintpost.webhook.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The attempt log ({@code webhooks.delivery}) and each webhook's run of failures. */
@ApplicationScoped
public class DeliveryRepository {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id::text AS id, webhook_id::text AS webhook_id, job_id::text AS job_id, "
            + "event_type, status, attempt_number, http_status_code, duration_ms, payload, response_body, "
            + "response_headers::text AS response_headers, error_message, delivered_at, created_at";

    public static final String PENDING = "pending";

    private final DataSource db;

    public DeliveryRepository(DataSource db) {
        this.db = db;
    }

    private static final String INSERT = "INSERT INTO webhooks.delivery (id, webhook_id, job_id, event_type, "
            + "status, attempt_number, http_status_code, duration_ms, payload, response_body, response_headers, "
            + "error_message, delivered_at, created_at) "
            + "VALUES (?::uuid, ?::uuid, ?::uuid, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)";

    public void insert(Connection c, AttemptRecord a) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            bind(ps, a);
            ps.executeUpdate();
        }
    }

    /** Writes every record in one batch. */
    public void insertAll(Connection c, List<AttemptRecord> records) throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (AttemptRecord a : records) {
                bind(ps, a);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void bind(PreparedStatement ps, AttemptRecord a) throws SQLException {
        ps.setString(1, a.id());
        ps.setString(2, a.webhookId());
        ps.setString(3, a.jobId());
        ps.setString(4, a.eventType());
        ps.setString(5, a.status());
        ps.setInt(6, a.attemptNumber());
        ps.setObject(7, a.httpStatusCode(), Types.INTEGER);
        ps.setObject(8, a.durationMs(), Types.INTEGER);
        ps.setString(9, a.payload());
        ps.setString(10, a.responseBody());
        ps.setString(11, a.responseHeaders() == null ? null : write(a.responseHeaders()));
        ps.setString(12, a.errorMessage());
        ps.setTimestamp(13, Jdbc.ts(a.deliveredAt()));
        ps.setTimestamp(14, Jdbc.ts(a.createdAt()));
    }

    /**
     * The {@code pending} entry of an open job: its next attempt, under the job's id. Written when the job is
     * queued and again each time it is put back; an attempt's record replaces it.
     */
    public void pending(Connection c, String jobId, String webhookId, String eventType, String payload,
            int attemptNumber, Instant at) throws SQLException {
        insert(c, pendingRecord(jobId, webhookId, eventType, payload, attemptNumber, at));
    }

    /** The record {@link #pending} writes. */
    public static AttemptRecord pendingRecord(String jobId, String webhookId, String eventType, String payload,
            int attemptNumber, Instant at) {
        return new AttemptRecord(jobId, webhookId, jobId, eventType, PENDING, attemptNumber, null, null, payload,
                null, null, null, null, at);
    }

    /** Removes an open job's {@code pending} entry (its attempt is being recorded). */
    public void clearPending(Connection c, String jobId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM webhooks.delivery WHERE id = ?::uuid AND status = '" + PENDING + "'")) {
            ps.setString(1, jobId);
            ps.executeUpdate();
        }
    }

    /** Removes the {@code pending} entries of these open jobs (their attempts are being recorded). */
    public void clearPending(Connection c, List<String> jobIds) throws SQLException {
        if (jobIds.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM webhooks.delivery WHERE id = ANY(?::uuid[]) AND status = '" + PENDING + "'")) {
            ps.setArray(1, Jdbc.textArray(c, jobIds));
            ps.executeUpdate();
        }
    }

    /**
     * Keeps a webhook's run of failures: a success ends it; a failure starts it or, once it is older than
     * {@code disableAfter}, disables the webhook. True when this failure disabled it.
     */
    public boolean recordOutcome(Connection c, String webhookId, boolean success, Duration disableAfter)
            throws SQLException {
        if (success) {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE webhooks.webhook SET failing_since = NULL WHERE id = ?::uuid AND failing_since IS NOT NULL")) {
                ps.setString(1, webhookId);
                ps.executeUpdate();
            }
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE webhooks.webhook SET failing_since = coalesce(failing_since, now()) WHERE id = ?::uuid")) {
            ps.setString(1, webhookId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE webhooks.webhook SET enabled = false, "
                + "disabled_reason = 'deliveries failed for ' || ? || ' seconds', updated_at = now() "
                + "WHERE id = ?::uuid AND enabled AND failing_since < now() - make_interval(secs => ?)")) {
            ps.setLong(1, disableAfter.toSeconds());
            ps.setString(2, webhookId);
            ps.setDouble(3, disableAfter.toMillis() / 1000.0);
            return ps.executeUpdate() > 0;
        }
    }

    public Optional<AttemptRecord> find(String webhookId, String id) {
        if (!Ids.isUuid(id) || !Ids.isUuid(webhookId)) {
            return Optional.empty();
        }
        return query("SELECT " + COLUMNS + " FROM webhooks.delivery WHERE id = ?::uuid AND webhook_id = ?::uuid",
                List.of(id, webhookId)).stream().findFirst();
    }

    /** Attempts created at or after {@code from} and before {@code until}; either may be null (unbounded). */
    public record Window(Instant from, Instant until) {
    }

    /** A page of a webhook's attempts, newest first, after the cursor's (created_at, id). */
    @SuppressWarnings("java:S107")
    public List<AttemptRecord> page(String webhookId, String status, String eventType, Window window,
            Instant afterCreatedAt, String afterId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM webhooks.delivery WHERE webhook_id = ?::uuid");
        List<Object> args = new ArrayList<>(List.of(webhookId));
        if (status != null) {
            sql.append(" AND status = ?");
            args.add(status);
        }
        if (eventType != null) {
            sql.append(" AND event_type = ?");
            args.add(eventType);
        }
        if (window.from() != null) {
            sql.append(" AND created_at >= ?");
            args.add(Jdbc.ts(window.from()));
        }
        if (window.until() != null) {
            sql.append(" AND created_at < ?");
            args.add(Jdbc.ts(window.until()));
        }
        if (afterCreatedAt != null) {
            sql.append(" AND (created_at, id) < (?, ?::uuid)");
            args.add(Jdbc.ts(afterCreatedAt));
            args.add(afterId);
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        args.add(limit);
        return query(sql.toString(), args);
    }

    private List<AttemptRecord> query(String sql, List<Object> args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<AttemptRecord> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new AttemptRecord(rs.getString("id"), rs.getString("webhook_id"),
                            rs.getString("job_id"), rs.getString("event_type"), rs.getString("status"),
                            rs.getInt("attempt_number"), Jdbc.integer(rs, "http_status_code"),
                            Jdbc.integer(rs, "duration_ms"), rs.getString("payload"), rs.getString("response_body"),
                            read(rs.getString("response_headers")), rs.getString("error_message"),
                            Jdbc.instant(rs, "delivered_at"), Jdbc.instant(rs, "created_at")));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw Jdbc.failure(e);
        }
    }

    private static String write(List<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> read(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }
}
