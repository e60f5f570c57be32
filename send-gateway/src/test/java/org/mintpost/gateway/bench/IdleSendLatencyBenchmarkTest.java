package org.mintpost.gateway.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.contracts.event.TokenUsed;
import org.mintpost.contracts.kafka.JsonSerializer;
import org.mintpost.gateway.repository.RateLimitStore;
import org.mintpost.gateway.service.SendJobPublisher;
import org.mintpost.gateway.support.FakeUpstreams;
import org.mintpost.gateway.support.Http;
import org.mintpost.gateway.support.TestTokens;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.KafkaBroker;
import org.mintpost.testing.KafkaResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Prints figures, fails on nothing but errors: {@code ./mvnw -pl send-gateway -am test -Dbench=true
 * -Dtest='IdleSendLatency*' -Dsurefire.failIfNoSpecifiedTests=false}. A sequential client on an idle
 * gateway (real Kafka broker in the test JVM, the machine's Redis, rate limits on as shipped): {@code POST /v1/send}
 * beside {@code GET /v1/ping}, alternating, over HTTP/1.1 and over the JDK client's default (HTTP/2 upgrade);
 * then the send path's parts one at a time: the rate-limit round trip to Redis and the {@code send-jobs} publish
 * up to the broker's ack, beside a producer of the same settings with a 1 ms and with no linger.
 */
@QuarkusTest
@TestProfile(IdleSendLatencyBenchmarkTest.HighLimits.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(JwtKeysResource.class)
@WithTestResource(FakeUpstreams.class)
@EnabledIfSystemProperty(named = "bench", matches = "true")
class IdleSendLatencyBenchmarkTest {

    private static final int WARMUP = Integer.getInteger("bench.warmup-requests", 300);
    private static final int REQUESTS = Integer.getInteger("bench.requests", 1000);

    /** Rate limits on, as shipped (so each send pays its Redis round trip), but never reached here. */
    public static class HighLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mintpost.rate-limit.per-token-per-second", "1000000",
                    "mintpost.rate-limit.per-project-per-second", "1000000");
        }
    }

    /** The same with the {@code send-jobs} linger the edge had before (the same-run baseline). */
    public static class HighLimitsLinger1 extends HighLimits {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("mintpost.kafka.linger-ms", "1");
            return overrides;
        }
    }

    @TestHTTPResource("/")
    URL root;

    @Inject
    RateLimitStore rateLimits;

    @Inject
    SendJobPublisher publisher;

    @Test
    void sequentialSendBesidePing() throws Exception {
        Http.awaitReady();
        TestTokens.Issued issued = TestTokens.project();
        Http.awaitProjectToken(issued.token());
        String base = root.toString().replaceAll("/$", "");
        System.out.printf("%n== idle send latency, sequential client, %d requests each after %d warm-up; %s ==%n",
                REQUESTS, WARMUP, label());
        for (HttpClient.Version version : new HttpClient.Version[] {HttpClient.Version.HTTP_1_1,
                HttpClient.Version.HTTP_2}) {
            HttpClient client = HttpClient.newBuilder().version(version).connectTimeout(Duration.ofSeconds(5))
                    .build();
            HttpRequest send = HttpRequest.newBuilder(URI.create(base + "/v1/send"))
                    .header("x-lettermint-token", issued.token()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Http.simpleBody("idle bench").trim())).build();
            HttpRequest ping = HttpRequest.newBuilder(URI.create(base + "/v1/ping"))
                    .header("x-lettermint-token", issued.token()).GET().build();
            long[] sends = new long[REQUESTS];
            long[] pings = new long[REQUESTS];
            for (int i = -WARMUP; i < REQUESTS; i++) {
                long t0 = System.nanoTime();
                assertEquals(202, client.send(send, HttpResponse.BodyHandlers.discarding()).statusCode());
                long t1 = System.nanoTime();
                assertEquals(200, client.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode());
                long t2 = System.nanoTime();
                if (i >= 0) {
                    sends[i] = t1 - t0;
                    pings[i] = t2 - t1;
                }
            }
            String name = version == HttpClient.Version.HTTP_1_1 ? "HTTP/1.1" : "JDK default (h2c)";
            print("POST /v1/send, " + name, sends);
            print("GET /v1/ping, " + name, pings);
        }
        print("rate-limit EVAL (Redis)", timed(() -> {
            long t0 = System.nanoTime();
            rateLimits.count("bench-token", "bench-project", System.currentTimeMillis() / 1000, 1)
                    .await().atMost(Duration.ofSeconds(5));
            return System.nanoTime() - t0;
        }));
        print("send-jobs publish to ack, gateway", timed(() -> {
            long t0 = System.nanoTime();
            publisher.publish(job()).await().atMost(Duration.ofSeconds(10));
            return System.nanoTime() - t0;
        }));
        if (!label().startsWith("send-jobs linger as")) {
            return;
        }
        // the cause, same run: a producer like the gateway's, with the linger the edge had before and without
        for (int linger : new int[] {1, 0}) {
            try (KafkaProducer<String, Object> producer = producer(linger)) {
                print("send-jobs produce to ack, linger " + linger + " ms", timed(() -> {
                    long t0 = System.nanoTime();
                    try {
                        producer.send(new ProducerRecord<>(Topics.SEND_JOBS, "bench-project", job()))
                                .get(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return System.nanoTime() - t0;
                }));
            }
        }
    }

    private static SendJob job() {
        return new SendJob(UUID.randomUUID().toString(), Instant.now(), SendJob.SCHEMA_VERSION,
                UUID.randomUUID().toString(), "bench-team", "bench-project", "bench-token", Instant.now(),
                TokenUsed.CHANNEL_API, null, null, "", "a@example.com", List.of("b@example.org"), null, null, null,
                null, 0, null, null, null);
    }

    private static KafkaProducer<String, Object> producer(int lingerMs) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "131072");
        props.put(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(lingerMs));
        return new KafkaProducer<>(props, new StringSerializer(), new JsonSerializer<>());
    }

    String label() {
        return "send-jobs linger as configured";
    }

    private static long[] timed(LongSupplier once) {
        long[] nanos = new long[REQUESTS];
        for (int i = -WARMUP; i < REQUESTS; i++) {
            long n = once.getAsLong();
            if (i >= 0) {
                nanos[i] = n;
            }
        }
        return nanos;
    }

    private static void print(String name, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("%-32s p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms  (%d)%n", name,
                sorted[sorted.length / 2] / 1e6, sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e6,
                sorted[sorted.length - 1] / 1e6, sorted.length);
    }
}
