package org.mintpost.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.PostgresResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Changes of one token racing each other still get strictly increasing revisions that reach Kafka in
 * order (so the compacted topic keeps the newest state); a name race leaves exactly one token.
 * Also prints how long a change takes to return (commit + Kafka acknowledgement).
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "mintpost_tokens_test"))
@QuarkusTestResource(TestKafka.class)
@QuarkusTestResource(JwtKeysResource.class)
class ConcurrencyTest {

    @Test
    void racingRegeneratesArePublishedInRevisionOrder() throws Exception {
        TestApi api = TestApi.newTeam();
        String projectId = api.newProject("Race").get("id");
        String tokenId = api.newProjectToken(projectId, Map.of("name", "hot")).get("id");
        int n = 12;
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try (TokenChangesProbe changes = new TokenChangesProbe()) {
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                calls.add(pool.submit(() -> api.request()
                        .post("/v1/projects/" + projectId + "/tokens/" + tokenId + "/regenerate")
                        .then().extract().statusCode()));
            }
            for (Future<Integer> call : calls) {
                assertEquals(200, call.get());
            }
            changes.await(e -> e.tokenId().equals(tokenId) && e.revision() == n + 1, Duration.ofSeconds(20));
            List<Long> revisions = changes.forToken(tokenId, Duration.ofMillis(300)).stream()
                    .map(TokenChanged::revision).toList();
            assertEquals(LongStream.rangeClosed(1, n + 1).boxed().toList(), revisions,
                    "every revision once, in order, on the token's partition");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aNameRaceLeavesOneToken() throws Exception {
        TestApi api = TestApi.newTeam();
        String projectId = api.newProject("Names").get("id");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(pool.submit(() -> api.request().body(Map.of("name", "same"))
                        .post("/v1/projects/" + projectId + "/tokens").then().extract().statusCode()));
            }
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> call : calls) {
                codes.add(call.get());
            }
            assertEquals(1, Collections.frequency(codes, 201), "codes: " + codes);
            assertEquals(5, Collections.frequency(codes, 422), "codes: " + codes);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void changeLatencyIncludingKafkaAcknowledgement() {
        TestApi api = TestApi.newTeam();
        String projectId = api.newProject("Latency").get("id");
        String tokenId = api.newProjectToken(projectId, Map.of("name", "timed")).get("id");
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            long start = System.nanoTime();
            api.request().post("/v1/projects/" + projectId + "/tokens/" + tokenId + "/regenerate").then()
                    .statusCode(200);
            micros.add((System.nanoTime() - start) / 1000);
        }
        Collections.sort(micros);
        long p50 = micros.get(micros.size() / 2);
        long p95 = micros.get((int) Math.ceil(micros.size() * 0.95) - 1);
        System.out.printf("regenerate round trip (commit + Kafka ack), 40 sequential calls: p50 %.1f ms, "
                + "p95 %.1f ms, max %.1f ms%n", p50 / 1000.0, p95 / 1000.0, micros.get(micros.size() - 1) / 1000.0);
        assertEquals(0, TestDb.unsent(tokenId));
        assertTrue(p50 > 0);
    }
}
