package org.mintpost.system;

import static io.restassured.RestAssured.given;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;

/**
 * What tracing costs the edge: three packaged gateways of one suite (tracing off, sampled at 1 %, at 100 %,
 * exporting to the suite's OTLP receiver), each driven in turn by the same closed loop of
 * {@code bench.concurrency} clients sending {@code POST /v1/send} for {@code bench.seconds}; prints sends/s
 * and the latency's p50/p99 per setting. Run with
 * {@code ./mvnw -pl system-tests -am -Pbench verify -Dtest=TracingBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * after a build.
 */
class TracingBenchmark {

    static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 16);
    static final Duration MEASURE = Duration.ofSeconds(Integer.getInteger("bench.seconds", 20));
    static final Duration WARMUP = Duration.ofSeconds(Integer.getInteger("bench.warmup", 10));

    @Test
    void edgeThroughputAndLatencyWithTracingOffSampledAndFull() throws Exception {
        Suite suite = Suite.shared();
        Map<String, Suite.Service> gateways = new LinkedHashMap<>();
        gateways.put("tracing off", suite.startExtraGateway(Map.of("QUARKUS_OTEL_SDK_DISABLED", "true")));
        gateways.put("sampled 1 %", suite.startExtraGateway(Map.of("QUARKUS_OTEL_TRACES_SAMPLER_ARG", "0.01")));
        gateways.put("sampled 100 %", suite.gateway());
        String token = given().baseUri(suite.baseUrl()).header("Authorization", "Bearer " + suite.teamToken())
                .contentType(ContentType.JSON).body(Map.of("name", "Tracing benchmark"))
                .post("/projects").then().statusCode(201).extract().path("api_token");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        StringBuilder report = new StringBuilder();
        for (Map.Entry<String, Suite.Service> g : gateways.entrySet()) {
            run(http, g.getValue(), token, WARMUP);
        }
        for (Map.Entry<String, Suite.Service> g : gateways.entrySet()) {
            List<Double> millis = run(http, g.getValue(), token, MEASURE);
            Collections.sort(millis);
            report.append(String.format("EDGE WITH TRACING %s: %.0f sends/s, p50 %.2f ms, p99 %.2f ms (%d clients,"
                    + " %d s)%n", g.getKey(), millis.size() / (double) MEASURE.toSeconds(),
                    RevocationBenchmark.percentile(millis, 50), RevocationBenchmark.percentile(millis, 99),
                    CONCURRENCY, MEASURE.toSeconds()));
        }
        System.out.printf("%n%s%n", report);
    }

    /** A closed loop: each client sends the next request when the last is answered; latencies of 202s. */
    private static List<Double> run(HttpClient http, Suite.Service gateway, String token, Duration length)
            throws Exception {
        String body = "{\"from\":\"bench@example.com\",\"to\":[\"sink@example.org\"],\"subject\":\"bench\","
                + "\"text\":\"hello\"}";
        long end = System.nanoTime() + length.toNanos();
        List<Double> millis = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        for (int c = 0; c < CONCURRENCY; c++) {
            clients.add(CompletableFuture.runAsync(() -> {
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    try {
                        int status = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/send"))
                                .header("x-lettermint-token", token).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (status == 202) {
                            millis.add((System.nanoTime() - start) / 1e6);
                        } else {
                            failures.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
            }, pool));
        }
        try {
            CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdownNow();
        }
        if (failures.get() > 0) {
            System.out.printf("%s: %d sends not accepted%n", gateway.logName, failures.get());
        }
        return new ArrayList<>(millis);
    }
}
