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
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * {@code messages.list} on 1,000,000 messages of one team (bulk-loaded with generate_series into the migrated
 * {@code message} table, secondary indexes dropped and rebuilt from their own definitions): the first page and
 * filtered pages timed over HTTP (JWT, query, JSON), p50/p99 of 200 requests after 100 warm-up ones. Prints its
 * figures; asserts that the first page and the status-filtered page walk an index (no full sort, no sequential scan).
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database",
        value = AuditTestSupport.DATABASE))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(JwtKeysResource.class)
class MessageListBenchmarkTest {

    private static final int ROWS = Integer.getInteger("audit.bench.messages", 1_000_000);
    private static final int RUNS = 200;
    private static final int WARMUP = 100;
    private static final String TEAM = "bench-msg-team";

    @Test
    void listPagesOnAMillionMessages() throws Exception {
        long loadStart = System.nanoTime();
        try (Connection c = AuditTestSupport.db(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM audit.message WHERE team_id = '" + TEAM + "'");
            List<String> definitions = new ArrayList<>();
            List<String> names = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("""
                    SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'audit'
                    AND tablename = 'message' AND indexname <> 'message_pkey'""")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                    definitions.add(rs.getString(2));
                }
            }
            for (String name : names) {
                s.execute("DROP INDEX audit." + name);
            }
            // 5 projects, 10 routes, 4 tags; 1 in 100 hard-bounced, 1 in 1,000 failed, the rest delivered
            s.execute("""
                    INSERT INTO audit.message (message_id, team_id, project_id, route_id, status, status_changed_at,
                        status_attempt, status_event_id, created_at, from_address, to_addresses, subject, tag)
                    SELECT md5(g::text)::uuid::text, 'bench-msg-team', 'bench-p' || (g % 5), 'bench-r' || (g % 10),
                        CASE WHEN g % 1000 = 0 THEN 'failed' WHEN g % 100 = 0 THEN 'hard_bounced'
                            ELSE 'delivered' END,
                        now() - (g * interval '2 seconds') + interval '3 seconds', 1, g,
                        now() - (g * interval '2 seconds'), 'Shop <shop@example.com>',
                        jsonb_build_array('user' || g || '@example.org'), 'Order ' || g,
                        (ARRAY['welcome', 'receipt', 'reset', 'digest'])[1 + g % 4]
                    FROM generate_series(1, :rows) g""".replace(":rows", Integer.toString(ROWS)));
            for (String definition : definitions) {
                s.execute(definition);
            }
            s.execute("ANALYZE audit.message");
            for (String filter : List.of("", " AND status = 'hard_bounced'")) {
                String plan = plan(s, "SELECT * FROM audit.message WHERE team_id = 'bench-msg-team'" + filter
                        + " ORDER BY created_at DESC, message_id DESC LIMIT 31");
                System.out.println("[bench] plan (" + (filter.isEmpty() ? "first page" : filter) + "):\n" + plan);
                // an index walk; at most an incremental sort of the page's rows, never a sort of the table
                assertTrue(plan.contains("Index Scan") && !plan.contains("Seq Scan")
                        && !plan.matches("(?s).*->  Sort .*"), "the page walks an index");
            }
        }
        System.out.printf(Locale.ROOT, "[bench] loaded %,d messages in %.1f s; load average %s%n", ROWS,
                (System.nanoTime() - loadStart) / 1e9, loadAverage());
        report("HTTP first page (30), no filter", http("/v1/messages"));
        report("HTTP page, filter[status]=hard_bounced (1 %)", http("/v1/messages?filter%5Bstatus%5D=hard_bounced"));
        report("HTTP page, filter[project] + filter[tag]",
                http("/v1/messages?filter%5Bproject%5D=bench-p3&filter%5Btag%5D=reset"));
        report("HTTP page, filter[status]=failed (0.1 %), page[size]=100",
                http("/v1/messages?filter%5Bstatus%5D=failed&page%5Bsize%5D=100"));
        System.out.printf(Locale.ROOT, "[bench] load average after: %s%n", loadAverage());
    }

    private static String plan(Statement s, String sql) throws Exception {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
            while (rs.next()) {
                plan.append("  ").append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }

    private static double[] http(String pathAndQuery) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create("http://localhost:" + RestAssured.port + pathAndQuery);
        double[] millis = new double[RUNS];
        for (int i = 0; i < RUNS + WARMUP; i++) {
            HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "application/json")
                    .header("Authorization", "Bearer " + jwt(TEAM, Permissions.MESSAGES_READ)).GET().build();
            long start = System.nanoTime();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            double elapsed = (System.nanoTime() - start) / 1e6;
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().contains("\"next_cursor\":\""), "a full page with a next page");
            if (i >= WARMUP) {
                millis[i - WARMUP] = elapsed;
            }
        }
        Arrays.sort(millis);
        return millis;
    }

    private static void report(String name, double[] sorted) {
        System.out.printf(Locale.ROOT, "[bench] %-60s p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms%n", name,
                sorted[sorted.length / 2], sorted[(int) Math.ceil(sorted.length * 0.99) - 1],
                sorted[sorted.length - 1]);
    }

    private static String loadAverage() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }
}
