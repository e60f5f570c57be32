package org.mintpost.audit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.TokenUsed;
import org.mintpost.audit.service.LogCursor;
import org.mintpost.contracts.token.Permissions;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.KafkaResource;
import org.mintpost.testing.PostgresResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Query benchmark: 1,000,000 token_log rows bulk-loaded with generate_series into the real schema
 * (all indexes of the migration in place), then the first page of one token's logs timed end to
 * end over HTTP (JWT verification, ownership check, page query, JSON) — p50/p99 over 200 requests
 * after a warm-up. The hot token holds 200,000 of the rows. Prints its figures (README "Benchmark").
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database",
        value = AuditTestSupport.DATABASE))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(JwtKeysResource.class)
class TokenLogQueryBenchmarkTest {

    private static final int ROWS = Integer.getInteger("audit.bench.rows", 1_000_000);
    private static final int RUNS = 200;
    private static final int WARMUP = 100;
    private static final String TEAM = "bench-team";
    private static final String PROJECT = "bench-project";
    private static final String HOT = "bench-hot";

    @Test
    void firstPageOfOneTokensLogsOnAMillionRows() throws Exception {
        long loadStart = System.nanoTime();
        Instant deepAt;
        long deepId;
        List<String> dropped = new ArrayList<>();
        try (Connection c = AuditTestSupport.db(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM audit.token_log WHERE token_id LIKE 'bench-%'");
            s.execute("""
                    INSERT INTO audit.token_owner (token_id, kind, team_id, project_id, revision)
                    SELECT CASE WHEN g = 0 THEN 'bench-hot' ELSE 'bench-t' || g END, 'project',
                        'bench-team', 'bench-project', 1
                    FROM generate_series(0, 399) g
                    ON CONFLICT (token_id) DO NOTHING""");
            // bulk-load practice: drop the secondary indexes, load, build them again from their own
            // definitions (the schema ends exactly as the migration made it)
            List<String> indexes = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("""
                    SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'audit'
                    AND tablename = 'token_log' AND indexname NOT IN ('token_log_pkey', 'token_log_event_id_key')""")) {
                while (rs.next()) {
                    indexes.add(rs.getString(2));
                    dropped.add(rs.getString(1));
                }
            }
            for (String name : dropped) {
                s.execute("DROP INDEX audit." + name);
            }
            s.execute("""
                    INSERT INTO audit.token_log (event_id, at, token_id, token_kind, token_display, team_id,
                        project_id, channel, endpoint, outcome, reason, ip, user_agent, message_ids)
                    SELECT gen_random_uuid()::text,
                        now() - interval '1 hour' - (g * interval '6 seconds'),
                        CASE WHEN g % 5 = 0 THEN 'bench-hot' ELSE 'bench-t' || (1 + g % 399) END,
                        'project', 'lm_AbCd…x9Zq', 'bench-team', 'bench-project',
                        CASE WHEN (g / 5) % 10 < 7 THEN 'api' ELSE 'smtp' END,
                        CASE WHEN (g / 5) % 10 < 7 THEN 'POST /v1/send' ELSE 'SMTP AUTH' END,
                        CASE WHEN (g / 5) % 50 = 0 THEN 'refused' ELSE 'accepted' END,
                        CASE WHEN (g / 5) % 50 = 0 THEN 'rate_limited' END,
                        '198.51.100.' || (g % 250), 'lettermint-node/2.7.0',
                        CASE WHEN (g / 5) % 50 = 0 THEN '[]'::jsonb
                            ELSE jsonb_build_array(md5(g::text)::uuid::text) END
                    FROM generate_series(1, :rows) g""".replace(":rows", Integer.toString(ROWS)));
            for (String definition : indexes) {
                s.execute(definition);
            }
            s.execute("ANALYZE audit.token_log");
            try (ResultSet rs = s.executeQuery("""
                    SELECT at, id FROM audit.token_log WHERE token_id = 'bench-hot'
                    ORDER BY at DESC, id DESC OFFSET 100000 LIMIT 1""")) {
                rs.next();
                deepAt = rs.getTimestamp(1).toInstant();
                deepId = rs.getLong(2);
            }
            try (ResultSet rs = s.executeQuery("""
                    EXPLAIN (ANALYZE, BUFFERS) SELECT id, at, ip, user_agent, channel, endpoint, outcome, reason,
                        message_ids, actor FROM audit.token_log WHERE token_id = 'bench-hot'
                    ORDER BY at DESC, id DESC LIMIT 26""")) {
                StringBuilder plan = new StringBuilder();
                while (rs.next()) {
                    plan.append("  ").append(rs.getString(1)).append('\n');
                }
                System.out.println("[bench] plan of the first page:\n" + plan);
                assertTrue(plan.toString().contains("Index Scan") && !plan.toString().contains("Seq Scan"),
                        "the first page walks an index");
            }
        }
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        assertEquals(ROWS, AuditTestSupport.count(
                "SELECT count(*) FROM audit.token_log WHERE token_id LIKE 'bench-%'"));
        assertEquals(4, AuditTestSupport.count("SELECT count(*) FROM pg_indexes WHERE schemaname = 'audit'"
                + " AND tablename = 'token_log' AND indexname LIKE 'token_log_%_idx'"), "indexes rebuilt");

        String hotPath = "/v1/projects/" + PROJECT + "/tokens/" + HOT + "/logs";
        String smallPath = "/v1/projects/" + PROJECT + "/tokens/bench-t7/logs";
        String deepCursor = new LogCursor(deepAt, deepId).encode();
        System.out.printf(Locale.ROOT, "[bench] loaded %,d rows in %.1f s; load average %s%n", ROWS, loadSeconds,
                loadAverage());

        double[] first = http(hotPath);
        report("HTTP first page, hot token (200k rows), limit 25", first);
        report("HTTP first page, ordinary token (~2k rows), limit 25", http(smallPath));
        report("HTTP first page, hot token, outcome=refused", http(hotPath + "?outcome=refused"));
        report("HTTP first page, hot token, channel=smtp, limit 100", http(hotPath + "?channel=smtp&limit=100"));
        report("HTTP page after 100,000 rows (keyset cursor), hot token", http(hotPath + "?cursor=" + deepCursor));
        try (Connection c = AuditTestSupport.db()) {
            report("SQL first page, hot token, limit 26", sql(c, "", HOT));
            report("SQL first page, hot token, outcome=refused", sql(c, " AND outcome = 'refused'", HOT));
            String afterCursor = " AND (at, id) < ('" + deepAt + "'::timestamptz, " + deepId + ")";
            report("SQL page after 100,000 rows, hot token", sql(c, afterCursor, HOT));
        }
        System.out.printf(Locale.ROOT, "[bench] load average after: %s%n", loadAverage());

        assertTrue(percentile(first, 99) < 50, "p99 of the first page must stay under 50 ms, was "
                + percentile(first, 99));
    }

    /** Ingestion: events produced to the real broker, timed until the last one is in PostgreSQL. */
    @Test
    void ingestThroughput() {
        int events = Integer.getInteger("audit.bench.events", 50_000);
        String token = "bench-ingest-" + AuditTestSupport.id();
        Instant t0 = AuditTestSupport.now().minusSeconds(3600);
        List<TokenUsed> batch = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            batch.add(AuditTestSupport.accepted(token, TEAM, PROJECT, t0.plusMillis(i)));
        }
        double batchesBefore = batches();
        long start = System.nanoTime();
        AuditTestSupport.send(Topics.TOKEN_USAGE, batch);
        double produced = (System.nanoTime() - start) / 1e9;
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100)).until(() -> AuditTestSupport
                .count("SELECT count(*) FROM audit.token_log WHERE token_id = ?", token) == events);
        double stored = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "[bench] ingest: %,d token-usage events produced in %.1f s, all stored after"
                + " %.1f s (%.0f events/s end to end) in %.0f insert batches; load average %s%n", events, produced,
                stored, events / stored, batches() - batchesBefore, loadAverage());
    }

    private static double batches() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("audit_batches_total{") && line.contains("topic=\"token-usage\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    /** Milliseconds of {@code RUNS} HTTP calls after WARMUP warm-up calls, sorted; JWTs are signed outside the clock. */
    private static double[] http(String pathAndQuery) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create("http://localhost:" + RestAssured.port + pathAndQuery);
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < RUNS + WARMUP; i++) {
            HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "application/json")
                    .header("Authorization", "Bearer " + jwt(TEAM, Permissions.PROJECT_TOKENS_READ)).GET().build();
            long start = System.nanoTime();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            double elapsed = (System.nanoTime() - start) / 1e6;
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().contains("\"at\""), "a non-empty page");
            if (i >= WARMUP) {
                millis.add(elapsed);
            }
        }
        return sorted(millis);
    }

    /** Milliseconds of the repository's first-page SQL over JDBC, without HTTP. */
    private static double[] sql(Connection c, String condition, String token) throws Exception {
        String query = "SELECT id, at, ip, user_agent, channel, endpoint, outcome, reason, message_ids, actor"
                + " FROM audit.token_log WHERE token_id = ?" + condition + " ORDER BY at DESC, id DESC LIMIT 26";
        List<Double> millis = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(query)) {
            for (int i = 0; i < RUNS + WARMUP; i++) {
                s.setString(1, token);
                long start = System.nanoTime();
                int rows = 0;
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                    }
                }
                double elapsed = (System.nanoTime() - start) / 1e6;
                assertTrue(rows > 0);
                if (i >= WARMUP) {
                    millis.add(elapsed);
                }
            }
        }
        return sorted(millis);
    }

    private static double[] sorted(List<Double> millis) {
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static double percentile(double[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static void report(String what, double[] sorted) {
        System.out.printf(Locale.ROOT, "[bench] %-55s p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms (n=%d)%n", what,
                percentile(sorted, 50), percentile(sorted, 99), sorted[sorted.length - 1], sorted.length);
    }
}
