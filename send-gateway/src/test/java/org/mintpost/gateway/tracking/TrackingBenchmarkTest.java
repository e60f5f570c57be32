package org.mintpost.gateway.tracking;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mintpost.contracts.tracking.TrackingId;
import org.mintpost.gateway.support.FakeUpstreams;
import org.mintpost.gateway.support.Http;
import org.mintpost.gateway.support.TestTokens;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.KafkaResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Pixel and click answers per second and their latency at the edge, next to {@code GET /v1/ping} in the same run
 * (alternating rounds, closed loop). Every hit is recorded (the per-message limit raised) and published to the
 * real broker. Prints its figures; no pass/fail.
 * Run: {@code ./mvnw -pl send-gateway -am verify -Dbench=true -Dtest=TrackingBenchmarkTest
 * -Dsurefire.failIfNoSpecifiedTests=false -DskipITs}.
 */
@QuarkusTest
@TestProfile(TrackingBenchmarkTest.Unlimited.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(JwtKeysResource.class)
@WithTestResource(FakeUpstreams.class)
@EnabledIfSystemProperty(named = "bench", matches = "true")
class TrackingBenchmarkTest {

    private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 64);
    private static final Duration MEASURE = Duration.ofSeconds(Integer.getInteger("bench.seconds", 10));
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    public static class Unlimited implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mintpost.rate-limit.enabled", "false",
                    "mintpost.tracking.hits-per-message-minute", "100000000");
        }
    }

    @TestHTTPResource("/")
    URL root;

    record Result(String name, long requests, long errors, double perSecond, double p50Ms, double p99Ms) {
    }

    @Test
    void pixelAndClickNextToPing() throws Exception {
        Http.awaitReady();
        TestTokens.Issued issued = TestTokens.project();
        Http.awaitProjectToken(issued.token());
        Instant made = Instant.now().minusSeconds(3600);
        String[] opens = new String[1000];
        String[] clicks = new String[1000];
        for (int i = 0; i < opens.length; i++) {
            String message = UUID.randomUUID().toString();
            opens[i] = "/t/o/" + TrackingEndpointsTest.id(TrackingId.OPEN, message, "r@example.org", made, "")
                    .sign(TrackingEndpointsTest.KEY);
            clicks[i] = "/t/c/" + TrackingEndpointsTest.id(TrackingId.CLICK, message, "r@example.org", made,
                    "https://example.com/landing?i=" + i).sign(TrackingEndpointsTest.KEY);
        }
        Vertx vertx = Vertx.vertx();
        try {
            HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(root.getHost())
                    .setDefaultPort(root.getPort()).setKeepAlive(true).setMaxPoolSize(CONCURRENCY));
            IntFunction<RequestOptions> ping = i -> new RequestOptions().setMethod(HttpMethod.GET).setURI("/v1/ping")
                    .putHeader("x-lettermint-token", issued.token());
            IntFunction<RequestOptions> pixel = i -> new RequestOptions().setMethod(HttpMethod.GET)
                    .setURI(opens[i % opens.length]).putHeader("User-Agent", TrackingEndpointsTest.BROWSER);
            IntFunction<RequestOptions> click = i -> new RequestOptions().setMethod(HttpMethod.GET)
                    .setURI(clicks[i % clicks.length]).putHeader("User-Agent", TrackingEndpointsTest.BROWSER);
            for (int w = 0; w < 2; w++) {
                load(client, ping, 200, Duration.ofSeconds(5), "warm-up");
                load(client, pixel, 200, Duration.ofSeconds(5), "warm-up");
                load(client, click, 302, Duration.ofSeconds(5), "warm-up");
            }
            List<Result> all = new ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                all.add(load(client, ping, 200, MEASURE, "GET /v1/ping #" + round));
                all.add(load(client, pixel, 200, MEASURE, "GET /t/o (pixel) #" + round));
                all.add(load(client, click, 302, MEASURE, "GET /t/c (click) #" + round));
            }
            System.out.printf("%n== tracking endpoints: %d alternating rounds of %d s, %d in flight ==%n", ROUNDS,
                    MEASURE.toSeconds(), CONCURRENCY);
            for (Result r : all) {
                System.out.printf("%-24s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  (%d requests, %d errors)%n",
                        r.name(), r.perSecond(), r.p50Ms(), r.p99Ms(), r.requests(), r.errors());
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** Closed loop: {@code CONCURRENCY} requests in flight for {@code duration}. */
    private static Result load(HttpClient client, IntFunction<RequestOptions> request, int expected,
            Duration duration, String name) throws InterruptedException {
        long[] latencies = new long[2_000_000];
        AtomicInteger count = new AtomicInteger();
        AtomicInteger issued = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        CountDownLatch done = new CountDownLatch(CONCURRENCY);
        for (int i = 0; i < CONCURRENCY; i++) {
            Runnable[] next = new Runnable[1];
            next[0] = () -> {
                if (System.nanoTime() >= end) {
                    done.countDown();
                    return;
                }
                long sent = System.nanoTime();
                client.request(request.apply(issued.getAndIncrement())).compose(r -> r.send())
                        .compose(response -> response.body().map(b -> response.statusCode()))
                        .onComplete(result -> {
                            if (result.failed() || result.result() != expected) {
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
}
