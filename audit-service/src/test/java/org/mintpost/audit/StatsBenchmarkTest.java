package org.mintpost.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mintpost.audit.AuditTestSupport.jwt;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.token.Permissions;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.KafkaResource;
import org.mintpost.testing.PostgresResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * {@code stats.retrieve} for 90 days when the team's counters hold 10,000,000 delivery events (a year of days, 5
 * projects, 10 routes; 100 other teams' rows beside them): the counters are written as the ingestion's upsert makes
 * them, and the answer reads only them. Prints HTTP p50/p99 team-wide, per project and per route, beside the same
 * query's SQL alone (the baseline, same run), and checks the plan never scans the table.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database",
        value = AuditTestSupport.DATABASE))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(JwtKeysResource.class)
class StatsBenchmarkTest {

    private static final int RUNS = 200;
    private static final int WARMUP = 100;
    private static final String TEAM = "bench-stats-team";
    /** Events one (day, project, route) row counts: 548 x 18,250 rows = 10,001,000 events. */
    private static final String PER_ROW = "200, 190, 100, 40, 6, 4, 2, 3, 3";

    @Test
    void ninetyDaysOfStatsOnTenMillionEvents() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        long rows = 365L * 5 * 10;
        long loadStart = System.nanoTime();
        long total;
        try (Connection c = AuditTestSupport.db(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM audit.message_stats_daily WHERE team_id LIKE 'bench-stats-%'");
            s.execute(("""
                    INSERT INTO audit.message_stats_daily (team_id, project_id, route_id, day, sent, delivered,
                        opened, clicked, hard_bounced, soft_bounced, spam_complaints, suppressed, failed)
                    SELECT 'bench-stats-team', 'bench-p' || p, 'bench-r' || p || '-' || r, CURRENT_DATE - d, :w
                    FROM generate_series(0, 364) d, generate_series(1, 5) p, generate_series(1, 10) r""")
                    .replace(":w", PER_ROW));
            s.execute("""
                    INSERT INTO audit.message_stats_daily (team_id, project_id, route_id, day, sent, delivered)
                    SELECT 'bench-stats-other-' || t, 'p', 'r' || r, CURRENT_DATE - d, 50, 49
                    FROM generate_series(1, 100) t, generate_series(0, 364) d, generate_series(1, 10) r""");
            s.execute("ANALYZE audit.message_stats_daily");
            try (ResultSet r = s.executeQuery("SELECT sum(sent + delivered + opened + clicked + hard_bounced "
                    + "+ soft_bounced + spam_complaints + suppressed + failed) FROM audit.message_stats_daily "
                    + "WHERE team_id = '" + TEAM + "'")) {
                r.next();
                total = r.getLong(1);
            }
            String plan = plan(s, today);
            System.out.println("[bench] plan (team, 90 days):\n" + plan);
            assertTrue(!plan.contains("Seq Scan on message_stats_daily"), "the counters are read by index");
        }
        System.out.printf(Locale.ROOT, "[bench] counters of %,d events (%,d rows of the team, %,d of others) "
                + "loaded in %.1f s; load average %s%n", total, rows, 365_000, (System.nanoTime() - loadStart) / 1e9,
                loadAverage());
        String range = "from=" + today.minusDays(89) + "&to=" + today;
        report("SQL alone (baseline), team, 90 days", sql(today, null, null));
        report("HTTP /v1/stats team, 90 days", http("/v1/stats?" + range));
        report("SQL alone (baseline), one project, 90 days", sql(today, "bench-p3", null));
        report("HTTP /v1/stats project_id, 90 days", http("/v1/stats?" + range + "&project_id=bench-p3"));
        report("HTTP /v1/stats route_id, 90 days", http("/v1/stats?" + range + "&route_id=bench-r3-7"));
        System.out.printf(Locale.ROOT, "[bench] load average after: %s%n", loadAverage());
    }

    private static final String DAILY = """
            SELECT d::date AS day, COALESCE(sum(s.sent), 0), COALESCE(sum(s.delivered), 0),
                COALESCE(sum(s.hard_bounced), 0), COALESCE(sum(s.opened), 0), COALESCE(sum(s.clicked), 0)
            FROM generate_series(?::date, ?::date, interval '1 day') AS d
            LEFT JOIN audit.message_stats_daily s ON s.team_id = ? AND s.day = d::date
                AND (?::text IS NULL OR s.project_id = ?) AND (?::text IS NULL OR s.route_id = ?)
            GROUP BY d ORDER BY d""";

    private static String plan(Statement s, LocalDate today) throws Exception {
        StringBuilder plan = new StringBuilder();
        String sql = DAILY.replaceFirst("\\?", "'" + today.minusDays(89) + "'").replaceFirst("\\?", "'" + today + "'")
                .replaceFirst("\\?", "'" + TEAM + "'").replace("?::text", "NULL::text").replace("= ?", "= NULL");
        try (ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
            while (rs.next()) {
                plan.append("  ").append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }

    private static double[] sql(LocalDate today, String project, String route) throws Exception {
        double[] millis = new double[RUNS];
        try (Connection c = AuditTestSupport.db(); PreparedStatement s = c.prepareStatement(DAILY)) {
            s.setObject(1, today.minusDays(89));
            s.setObject(2, today);
            s.setString(3, TEAM);
            s.setString(4, project);
            s.setString(5, project);
            s.setString(6, route);
            s.setString(7, route);
            for (int i = 0; i < RUNS + WARMUP; i++) {
                long start = System.nanoTime();
                int days = 0;
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        days++;
                    }
                }
                assertEquals(90, days);
                if (i >= WARMUP) {
                    millis[i - WARMUP] = (System.nanoTime() - start) / 1e6;
                }
            }
        }
        Arrays.sort(millis);
        return millis;
    }

    private static double[] http(String pathAndQuery) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create("http://localhost:" + RestAssured.port + pathAndQuery);
        double[] millis = new double[RUNS];
        for (int i = 0; i < RUNS + WARMUP; i++) {
            HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "application/json")
                    .header("Authorization", "Bearer " + jwt(TEAM, Permissions.STATS_READ)).GET().build();
            long start = System.nanoTime();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            double elapsed = (System.nanoTime() - start) / 1e6;
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().contains("\"daily\":["), response.body());
            if (i >= WARMUP) {
                millis[i - WARMUP] = elapsed;
            }
        }
        Arrays.sort(millis);
        return millis;
    }

    private static void report(String name, double[] sorted) {
        System.out.printf(Locale.ROOT, "[bench] %-50s p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms%n", name,
                sorted[sorted.length / 2], sorted[(int) Math.ceil(sorted.length * 0.99) - 1],
                sorted[sorted.length - 1]);
    }

    private static String loadAverage() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }
}
