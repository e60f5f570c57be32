package org.mintpost.gateway.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mintpost.gateway.support.FakeUpstreams;
import org.mintpost.gateway.support.Http;
import org.mintpost.gateway.support.OwnRedisResource;
import org.mintpost.gateway.support.SmtpTlsResource;
import org.mintpost.gateway.support.TestTokens;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.KafkaResource;
import org.mintpost.testing.RedisServer;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * Prints figures, passes or fails on nothing but errors: {@code ./mvnw -pl send-gateway -am test -Dbench=true
 * -Dtest=RedisFaultBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false}. {@code POST /v1/send} (unkeyed, rate
 * limits on and far above the load, so every send counts in Redis) from a closed loop of
 * {@code bench.concurrency} clients, with the gateway's Redis (one of the test's own) healthy, hung
 * ({@code kill -STOP}) and down ({@code kill -9}) in turn, in the same run and app; the production deadline
 * (250 ms) and breaker delay (5 s).
 */
@QuarkusTest
@TestProfile(RedisFaultBenchmarkTest.ProductionDeadlines.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(JwtKeysResource.class)
@WithTestResource(FakeUpstreams.class)
@WithTestResource(SmtpTlsResource.class)
@WithTestResource(OwnRedisResource.class)
@EnabledIfSystemProperty(named = "bench", matches = "true")
class RedisFaultBenchmarkTest {

    static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 8);
    static final Duration PHASE = Duration.ofSeconds(Integer.getInteger("bench.seconds", 20));
    static final Duration WARMUP = Duration.ofSeconds(Integer.getInteger("bench.warmup", 20));

    public static class ProductionDeadlines implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mintpost.redis.timeout", "250ms",
                    "mintpost.redis.breaker-delay", "5s",
                    "mintpost.rate-limit.per-token-per-second", "1000000",
                    "mintpost.rate-limit.per-project-per-second", "1000000",
                    "mintpost.rate-limit.gateways", "1");
        }
    }

    @Test
    void sendLatencyWithRedisHealthyHungAndDown() throws Exception {
        RedisServer redis = OwnRedisResource.server();
        TestTokens.Issued issued = TestTokens.project();
        Http.awaitProjectToken(issued.token());
        String url = "http://127.0.0.1:" + RestAssured.port + "/v1/send";
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        run(http, url, issued.token(), WARMUP);
        StringBuilder report = new StringBuilder();
        report.append(line("healthy", run(http, url, issued.token(), PHASE)));
        redis.pause();
        try {
            report.append(line("hung (kill -STOP)", run(http, url, issued.token(), PHASE)));
        } finally {
            redis.resume();
        }
        redis.kill();
        try {
            report.append(line("down (kill -9)", run(http, url, issued.token(), PHASE)));
        } finally {
            redis.startAgain();
        }
        System.out.printf("%n%s%n", report);
    }

    private static String line(String state, List<long[]> answers) {
        List<Double> millis = new ArrayList<>();
        Map<Long, Integer> statuses = new TreeMap<>();
        for (long[] a : answers) {
            millis.add(a[1] / 1e6);
            statuses.merge(a[0], 1, Integer::sum);
        }
        Collections.sort(millis);
        return String.format("SEND WITH REDIS %s: %d answers (%.0f/s) %s, p50 %.2f ms, p99 %.2f ms, max %.0f ms (%d"
                + " clients, %d s)%n", state, millis.size(), millis.size() / (double) PHASE.toSeconds(), statuses,
                percentile(millis, 50), percentile(millis, 99), millis.get(millis.size() - 1), CONCURRENCY,
                PHASE.toSeconds());
    }

    static double percentile(List<Double> sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** A closed loop: each client sends the next request when the last is answered; status and nanos of each. */
    private static List<long[]> run(HttpClient http, String url, String token, Duration length) throws Exception {
        String body = Http.simpleBody("bench");
        long end = System.nanoTime() + length.toNanos();
        List<long[]> answers = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int c = 0; c < CONCURRENCY; c++) {
            clients.add(CompletableFuture.runAsync(() -> {
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    long status;
                    try {
                        status = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                                .header("x-lettermint-token", token).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (Exception e) {
                        status = -1;
                    }
                    answers.add(new long[] {status, System.nanoTime() - start});
                }
            }, pool));
        }
        try {
            CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdownNow();
        }
        return new ArrayList<>(answers);
    }
}
