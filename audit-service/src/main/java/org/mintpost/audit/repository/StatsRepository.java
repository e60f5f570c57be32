package org.mintpost.audit.repository;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.audit.service.StatsDay;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads {@code audit.message_stats_daily}: one row per day of the range, zeros where nothing happened. */
@ApplicationScoped
public class StatsRepository {

    private static final String DAILY = """
            SELECT d::date AS day,
                COALESCE(sum(s.sent), 0) AS sent, COALESCE(sum(s.delivered), 0) AS delivered,
                COALESCE(sum(s.hard_bounced), 0) AS hard_bounced, COALESCE(sum(s.soft_bounced), 0) AS soft_bounced,
                COALESCE(sum(s.spam_complaints), 0) AS spam_complaints, COALESCE(sum(s.opened), 0) AS opened,
                COALESCE(sum(s.clicked), 0) AS clicked, COALESCE(sum(s.suppressed), 0) AS suppressed,
                COALESCE(sum(s.failed), 0) AS failed, COALESCE(sum(s.human_opened), 0) AS human_opened,
                COALESCE(sum(s.privacy_opened), 0) AS privacy_opened,
                COALESCE(sum(s.machine_opened), 0) AS machine_opened,
                COALESCE(sum(s.machine_clicked), 0) AS machine_clicked,
                COALESCE(sum(s.effective_opened), 0) AS effective_opened
            FROM generate_series($2::date, $3::date, interval '1 day') AS d
            LEFT JOIN audit.message_stats_daily s ON s.team_id = $1 AND s.day = d::date
                AND ($4::text IS NULL OR s.project_id = $4) AND ($5::text IS NULL OR s.route_id = $5)
            GROUP BY d
            ORDER BY d
            """;

    private final Pool pool;

    public StatsRepository(Pool pool) {
        this.pool = pool;
    }

    /** Every day from {@code from} to {@code to} (both included) of the team, or of one project / route. */
    public Uni<List<StatsDay>> daily(String teamId, LocalDate from, LocalDate to, String projectId, String routeId) {
        return pool.preparedQuery(DAILY).execute(Tuple.of(teamId, from, to, projectId, routeId)).map(rows -> {
            List<StatsDay> days = new ArrayList<>(rows.size());
            for (Row r : rows) {
                days.add(new StatsDay(r.getLocalDate("day"), r.getLong("sent"), r.getLong("delivered"),
                        r.getLong("hard_bounced"), r.getLong("soft_bounced"), r.getLong("spam_complaints"),
                        r.getLong("opened"), r.getLong("clicked"), r.getLong("suppressed"), r.getLong("failed"),
                        new StatsDay.Opens(r.getLong("human_opened"), r.getLong("privacy_opened"),
                                r.getLong("machine_opened"), r.getLong("machine_clicked"),
                                r.getLong("effective_opened"))));
            }
            return days;
        });
    }
}
