package org.mintpost.gateway.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.gateway.messaging.TokenChangesReader;
import org.mintpost.gateway.service.TokenMap;
import org.mintpost.gateway.service.UnknownTokenCache;
import org.mintpost.gateway.support.FakeUpstreams;
import org.mintpost.gateway.support.Http;
import org.mintpost.gateway.support.TestTokens;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.KafkaBroker;
import org.mintpost.testing.KafkaResource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.restassured.RestAssured;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Prints figures, passes or fails on nothing but errors: {@code ./mvnw -pl send-gateway verify
 * -Dbench=true -Dtest=SendBenchmarkTest}. Sustained {@code POST /v1/send} (valid token, real Kafka
 * ack, usage events, no rate limit) side by side with a bare 202 endpoint in the same app and run,
 * in alternating rounds; then revocation propagation.
 */
@QuarkusTest
@TestProfile(SendBenchmarkTest.NoLimits.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(JwtKeysResource.class)
@WithTestResource(FakeUpstreams.class)
@EnabledIfSystemProperty(named = "bench", matches = "true")
class SendBenchmarkTest {

    /** Enough in flight to saturate both endpoints on this machine (at 32 the run is latency-bound). */
    private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 256);
    /** A moderate load for the latency figures. */
    private static final int LATENCY_CONCURRENCY = Integer.getInteger("bench.latency-concurrency", 32);
    /**
     * JIT and the in-process broker settle slowly on two cores (the send path runs far more code than the
     * bare endpoint): each is warmed in 10 s windows until two windows in a row agree within 5 %, at least
     * {@code bench.warmup} and at most {@code bench.warmup-max} seconds.
     */
    private static final Duration WARMUP = Duration.ofSeconds(Integer.getInteger("bench.warmup", 60));
    private static final Duration WARMUP_MAX = Duration.ofSeconds(Integer.getInteger("bench.warmup-max", 240));
    private static final Duration MEASURE = Duration.ofSeconds(Integer.getInteger("bench.seconds", 20));
    /**
     * Alternating rounds: this shared machine's speed drifts by a third within minutes, so each send round
     * is also compared with the bare round just before it.
     */
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);

    public static class NoLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mintpost.rate-limit.enabled", "false");
        }
    }

    @TestHTTPResource("/")
    URL root;

    @Inject
    MeterRegistry registry;

    record Result(String name, long requests, long errors, double perSecond, double p50Ms, double p99Ms) {
    }

    @Test
    void throughputAgainstTheBareCeilingAndRevocationPropagation() throws Exception {
        Http.awaitReady();
        TestTokens.Issued issued = TestTokens.project();
        Http.awaitProjectToken(issued.token());
        String body = Http.simpleBody("bench").trim();
        Vertx vertx = Vertx.vertx();
        try {
            HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(root.getHost())
                    .setDefaultPort(root.getPort()).setKeepAlive(true).setMaxPoolSize(CONCURRENCY));
            Map<String, String> headers = Map.of("x-lettermint-token", issued.token(),
                    "Content-Type", "application/json");
            warmUp(client, "/bench/bare", body, headers);
            warmUp(client, "/v1/send", body, headers);
            List<Result> bare = new ArrayList<>();
            List<Result> send = new ArrayList<>();
            List<Result> all = new ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                bare.add(load(client, "/bench/bare", body, headers, CONCURRENCY, MEASURE, "bare 202 #" + round));
                send.add(load(client, "/v1/send", body, headers, CONCURRENCY, MEASURE, "POST /v1/send #" + round));
                all.add(bare.get(round - 1));
                all.add(send.get(round - 1));
            }
            all.add(load(client, "/bench/bare", body, headers, LATENCY_CONCURRENCY, MEASURE,
                    "bare 202 @" + LATENCY_CONCURRENCY));
            all.add(load(client, "/v1/send", body, headers, LATENCY_CONCURRENCY, MEASURE,
                    "POST /v1/send @" + LATENCY_CONCURRENCY));
            double ceiling = median(bare);
            double sends = median(send);
            System.out.printf("%n== send-gateway benchmark: each warmed until steady (%d-%d s), then %d alternating "
                    + "rounds of %d s, %d in flight; then %d in flight for latency ==%n", WARMUP.toSeconds(),
                    WARMUP_MAX.toSeconds(), ROUNDS, MEASURE.toSeconds(), CONCURRENCY, LATENCY_CONCURRENCY);
            for (Result r : all) {
                System.out.printf("%-20s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  (%d requests, %d errors)%n",
                        r.name(), r.perSecond(), r.p50Ms(), r.p99Ms(), r.requests(), r.errors());
            }
            List<Double> ratios = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                ratios.add(send.get(round).perSecond() / bare.get(round).perSecond());
            }
            System.out.printf("POST /v1/send: median %.0f req/s = %.0f%% of the bare ceiling's median %.0f req/s "
                    + "(target 60%%)%n", sends, 100 * sends / ceiling, ceiling);
            System.out.printf("each send round against the bare round before it: %s; median %.0f%%%n",
                    ratios.stream().map(r -> String.format("%.0f%%", 100 * r)).toList(),
                    100 * ratios.stream().sorted().toList().get(ROUNDS / 2));
            long errors = all.stream().filter(r -> r.name().startsWith("POST")).mapToLong(Result::errors).sum();
            assertTrue(errors == 0, "sends failed during the benchmark");
            // the figures count a usage event per send only if none was dropped on the way to Kafka
            long accepted = all.stream().filter(r -> r.name().startsWith("POST")).mapToLong(Result::requests).sum();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> usageCount("sent") >= accepted);
            System.out.printf("usage events acknowledged by Kafka: %d (at least one per accepted send: %d); "
                    + "dropped: %d%n", usageCount("sent"), accepted, usageCount("dropped"));
            assertTrue(usageCount("dropped") == 0, "usage events were dropped during the benchmark");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        revocation();
    }

    private long usageCount(String outcome) {
        return (long) registry.counter("mintpost.gateway.usage." + outcome).count();
    }

    private static void warmUp(HttpClient client, String path, String body, Map<String, String> headers)
            throws InterruptedException {
        long start = System.nanoTime();
        double previous = 0;
        while (true) {
            double rate = load(client, path, body, headers, CONCURRENCY, Duration.ofSeconds(10), "warm-up")
                    .perSecond();
            Duration spent = Duration.ofNanos(System.nanoTime() - start);
            System.out.printf("warm-up %-12s %4d s: %8.0f req/s%n", path, spent.toSeconds(), rate);
            boolean steady = previous > 0 && Math.abs(rate - previous) / previous < 0.05;
            if ((steady && spent.compareTo(WARMUP) >= 0) || spent.compareTo(WARMUP_MAX) >= 0) {
                return;
            }
            previous = rate;
        }
    }

    private static double median(List<Result> results) {
        double[] rates = results.stream().mapToDouble(Result::perSecond).sorted().toArray();
        return rates[rates.length / 2];
    }

    /** Closed loop: {@code concurrency} requests in flight for {@code duration}; latencies of those that finished. */
    private static Result load(HttpClient client, String path, String body, Map<String, String> headers,
            int concurrency, Duration duration, String name) throws InterruptedException {
        long[] latencies = new long[4_000_000];
        AtomicInteger count = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        CountDownLatch done = new CountDownLatch(concurrency);
        Buffer payload = Buffer.buffer(body);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI(path);
        headers.forEach(options::putHeader);
        for (int i = 0; i < concurrency; i++) {
            Runnable[] next = new Runnable[1];
            next[0] = () -> {
                if (System.nanoTime() >= end) {
                    done.countDown();
                    return;
                }
                long sent = System.nanoTime();
                client.request(options).compose(request -> request.send(payload))
                        .compose(response -> response.body().map(b -> response.statusCode()))
                        .onComplete(result -> {
                            if (result.failed() || result.result() != 202) {
                                errors.incrementAndGet();
                            } else {
                                int n = count.getAndIncrement();
                                if (n < latencies.length) {
                                    latencies[n] = System.nanoTime() - sent;
                                }
                            }
                            next[0].run();
                        });
            };
            next[0].run();
        }
        done.await(duration.toSeconds() + 30, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        int n = Math.min(count.get(), latencies.length);
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        double p50 = n == 0 ? 0 : sorted[n / 2] / 1e6;
        double p99 = n == 0 ? 0 : sorted[Math.max(0, (int) Math.ceil(n * 0.99) - 1)] / 1e6;
        return new Result(name, count.get(), errors.get(), count.get() / seconds, p50, p99);
    }

    /**
     * Revocation: the gateway under test (over HTTP) and a second, independent token map (standing in
     * for a second gateway instance) both refuse the token; time from the broker's ack of the revoke.
     */
    private static void revocation() {
        TokenMap second = new TokenMap();
        TokenChangesReader reader = new TokenChangesReader(second, new UnknownTokenCache(5_000, 1_000),
                KafkaBroker.shared().bootstrapServers(), Duration.ofMillis(20), Duration.ofMillis(10),
                new SimpleMeterRegistry());
        reader.start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(reader::isCaughtUp);
            int rounds = Integer.getInteger("bench.revocations", 100);
            long[] http = new long[rounds];
            long[] both = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                TestTokens.Issued token = TestTokens.project();
                Http.awaitProjectToken(token.token());
                String hash = token.state().tokenHash();
                Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1))
                        .until(() -> second.find(hash, Instant.now()).grant() != null);
                TestTokens.revoke(token);
                long acked = System.nanoTime();
                boolean httpDone = false;
                boolean mapDone = false;
                while (!(httpDone && mapDone)) {
                    long now = System.nanoTime();
                    assertTrue(now - acked < Duration.ofSeconds(5).toNanos(), "revocation not applied in 5 s");
                    if (!httpDone && ping(token.token()) == 401) {
                        httpDone = true;
                        http[i] = System.nanoTime() - acked;
                    }
                    if (!mapDone && TokenChanged.STATUS_REVOKED.equals(
                            second.find(hash, Instant.now()).grant().status())) {
                        mapDone = true;
                        both[i] = System.nanoTime() - acked;
                    }
                }
            }
            print("revocation, gateway over HTTP", http);
            print("revocation, second token map", both);
        } finally {
            reader.stop();
        }
    }

    private static final java.net.http.HttpClient PINGER = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1).build();

    private static int ping(String token) {
        try {
            HttpRequest request = HttpRequest.newBuilder(
                    URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/v1/ping"))
                    .header("x-lettermint-token", token).GET().build();
            return PINGER.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void print(String name, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("%-32s p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms  (%d revocations)%n", name,
                sorted[sorted.length / 2] / 1e6, sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e6,
                sorted[sorted.length - 1] / 1e6, sorted.length);
    }
}
