package org.mintpost.webhook.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/** The {@code webhooks.webhook} table. */
@ApplicationScoped
public class WebhookRepository {

    private static final String COLUMNS = "id::text AS id, team_id, project_id, route_id, name, url, events, enabled, "
            + "include_machine_events, secret_sealed, last_called_at, disabled_reason, created_at, updated_at, "
            + "delivery_mode_filter";

    private final DataSource db;

    public WebhookRepository(DataSource db) {
        this.db = db;
    }

    public void insert(WebhookRow w) {
        String sql = "INSERT INTO webhooks.webhook (id, team_id, project_id, route_id, name, url, events, enabled, "
                + "include_machine_events, secret_sealed, created_at, updated_at, delivery_mode_filter) "
                + "VALUES (?::uuid, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, w.id());
            ps.setString(2, w.teamId());
            ps.setString(3, w.projectId());
            ps.setString(4, w.routeId());
            ps.setString(5, w.name());
            ps.setString(6, w.url());
            ps.setArray(7, Jdbc.textArray(c, w.events()));
            ps.setBoolean(8, w.enabled());
            ps.setBoolean(9, w.includeMachineEvents());
            ps.setString(10, w.secretSealed());
            ps.setTimestamp(11, Jdbc.ts(w.createdAt()));
            ps.setTimestamp(12, Jdbc.ts(w.updatedAt()));
            ps.setString(13, w.deliveryModeFilter());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw Jdbc.failure(e);
        }
    }

    /** Saves name, url, events, flags and the sealed secret; re-enabling clears the failure record. */
    public void update(WebhookRow w) {
        String sql = "UPDATE webhooks.webhook SET name = ?, url = ?, events = ?, enabled = ?, "
                + "include_machine_events = ?, secret_sealed = ?, updated_at = ?, delivery_mode_filter = ?, "
                + "failing_since = CASE WHEN ? AND NOT enabled THEN NULL ELSE failing_since END, "
                + "disabled_reason = CASE WHEN ? THEN NULL ELSE disabled_reason END WHERE id = ?::uuid";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, w.name());
            ps.setString(2, w.url());
            ps.setArray(3, Jdbc.textArray(c, w.events()));
            ps.setBoolean(4, w.enabled());
            ps.setBoolean(5, w.includeMachineEvents());
            ps.setString(6, w.secretSealed());
            ps.setTimestamp(7, Jdbc.ts(w.updatedAt()));
            ps.setString(8, w.deliveryModeFilter());
            ps.setBoolean(9, w.enabled());
            ps.setBoolean(10, w.enabled());
            ps.setString(11, w.id());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw Jdbc.failure(e);
        }
    }

    public boolean delete(String id) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM webhooks.webhook WHERE id = ?::uuid")) {
            ps.setString(1, id);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw Jdbc.failure(e);
        }
    }

    public Optional<WebhookRow> find(String id) {
        if (!Ids.isUuid(id)) {
            return Optional.empty();
        }
        List<WebhookRow> rows = query("SELECT " + COLUMNS + " FROM webhooks.webhook WHERE id = ?::uuid", List.of(id));
        return rows.stream().findFirst();
    }

    /**
     * The enabled webhooks of a route (of this team and project) that subscribe to {@code event} and hear of
     * messages of its delivery mode ({@code delivery_mode_filter} is that mode or {@code both}).
     */
    public List<String> subscribers(Connection c, String routeId, String teamId, String projectId, String event,
            boolean machine, boolean sandbox) throws SQLException {
        String sql = "SELECT id::text FROM webhooks.webhook WHERE route_id = ? AND team_id = ? AND project_id = ? "
                + "AND enabled AND ? = ANY(events)" + (machine ? " AND include_machine_events" : "")
                + " AND delivery_mode_filter IN ('both', '" + (sandbox ? "sandbox" : "live") + "')";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, routeId);
            ps.setString(2, teamId);
            ps.setString(3, projectId);
            ps.setString(4, event);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    /**
     * The enabled webhooks of a team subscribed to {@code event}, within a project and a route when they are given,
     * that existed at {@code occurredAt}.
     */
    public List<String> subscribersIn(Connection c, String teamId, String projectId, String routeId, String event,
            Instant occurredAt) throws SQLException {
        String sql = "SELECT id::text FROM webhooks.webhook WHERE team_id = ? AND enabled AND ? = ANY(events) "
                + "AND created_at <= ? AND (?::text IS NULL OR project_id = ?) AND (?::text IS NULL OR route_id = ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, teamId);
            ps.setString(2, event);
            ps.setTimestamp(3, Jdbc.ts(occurredAt));
            ps.setString(4, projectId);
            ps.setString(5, projectId);
            ps.setString(6, routeId);
            ps.setString(7, routeId);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    /** A page of a team's webhooks, newest first, after the cursor's (created_at, id). */
    public List<WebhookRow> page(WebhookQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM webhooks.webhook WHERE team_id = ?");
        List<Object> args = new ArrayList<>(List.of(q.teamId()));
        if (q.projectId() != null) {
            sql.append(" AND project_id = ?");
            args.add(q.projectId());
        }
        if (q.routeId() != null) {
            sql.append(" AND route_id = ?");
            args.add(q.routeId());
        }
        if (q.enabled() != null) {
            sql.append(" AND enabled = ?");
            args.add(q.enabled());
        }
        if (q.event() != null) {
            sql.append(" AND ? = ANY(events)");
            args.add(q.event());
        }
        if (q.search() != null) {
            sql.append(" AND (name ILIKE ? OR url ILIKE ?)");
            String like = "%" + q.search().replace("%", "\\%").replace("_", "\\_") + "%";
            args.add(like);
            args.add(like);
        }
        if (q.afterCreatedAt() != null) {
            sql.append(" AND (created_at, id) < (?, ?::uuid)");
            args.add(Jdbc.ts(q.afterCreatedAt()));
            args.add(q.afterId());
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        args.add(q.limit());
        return query(sql.toString(), args);
    }

    public void touched(Connection c, String id, Instant calledAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE webhooks.webhook SET last_called_at = ? WHERE id = ?::uuid")) {
            ps.setTimestamp(1, Jdbc.ts(calledAt));
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    private List<WebhookRow> query(String sql, List<Object> args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<WebhookRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new WebhookRow(rs.getString("id"), rs.getString("team_id"), rs.getString("project_id"),
                            rs.getString("route_id"), rs.getString("name"), rs.getString("url"),
                            Jdbc.strings(rs, "events"), rs.getBoolean("enabled"),
                            rs.getBoolean("include_machine_events"), rs.getString("secret_sealed"),
                            Jdbc.instant(rs, "last_called_at"), rs.getString("disabled_reason"),
                            Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "updated_at"),
                            rs.getString("delivery_mode_filter")));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw Jdbc.failure(e);
        }
    }
}
