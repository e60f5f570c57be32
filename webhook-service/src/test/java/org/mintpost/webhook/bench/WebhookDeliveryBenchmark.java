package org.mintpost.webhook.bench;

import static org.awaitility.Awaitility.await;
import static org.mintpost.webhook.WebhookTestSupport.as;
import static org.mintpost.webhook.WebhookTestSupport.event;
import static org.mintpost.webhook.WebhookTestSupport.id;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.KafkaResource;
import org.mintpost.testing.PostgresResource;
import org.mintpost.webhook.WebhookTestSupport;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Opt-in ({@code -Dbench=true}): prints (1) event → webhook delivered latency p50/p99 with events published at a
 * steady 200/s, from the start and again once warm, (2) the events/s one instance delivers to a fast local receiver, beside (3) that receiver's own
 * ceiling measured in the same run with a plain HTTP client. Figures go to docs/benchmarks.md, never asserted.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database",
        value = WebhookTestSupport.DATABASE))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(JwtKeysResource.class)
@EnabledIfSystemProperty(named = "bench", matches = "true")
class WebhookDeliveryBenchmark {

    private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\":\"([^\"]+)\"");
    private static final int RATE = 200;
    private static final int SECONDS = 15;
    private static final int BURST = 3_000;

    /** A fast receiver: answers 200 at once and keeps each event's delay since its timestamp. */
    static final class FastReceiver implements AutoCloseable {
        final HttpServer server;
        final AtomicInteger count = new AtomicInteger();
        final List<Long> latenciesMicros = new CopyOnWriteArrayList<>();

        FastReceiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
            server.setExecutor(Executors.newFixedThreadPool(16));
            server.createContext("/", exchange -> {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                Matcher m = TIMESTAMP.matcher(new String(body, StandardCharsets.UTF_8));
                if (m.find()) {
                    Duration d = Duration.between(Instant.parse(m.group(1)), Instant.now());
                    latenciesMicros.add(d.toNanos() / 1000);
                }
                count.incrementAndGet();
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    void latencyAndThroughput() throws Exception {
        try (FastReceiver receiver = new FastReceiver()) {
            String team = id();
            String project = id();
            String routeId = id();
            WebhookTestSupport.route(routeId, team, project, true);
            await().atMost(Duration.ofSeconds(60)).until(() -> as(team).body(Map.of("route_id", routeId, "name",
                    "bench", "url", receiver.url(), "events", List.of("message.created"))).post("/v1/webhooks")
                    .statusCode() == 201);

            // (1) latency at a steady rate, from the start (JIT warm-up included)
            latency(receiver, team, project, routeId, "cold");

            // (2) sustained events/s to the fast receiver: a burst published at once, timed until all arrived
            receiver.count.set(0);
            long t0 = System.nanoTime();
            for (int i = 0; i < BURST; i++) {
                publish(team, project, routeId);
            }
            await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(20))
                    .until(() -> receiver.count.get() >= BURST);
            double serviceRate = BURST / ((System.nanoTime() - t0) / 1e9);

            // (1b) the same steady rate again, once the instance is warm
            latency(receiver, team, project, routeId, "warm");

            // (3) the receiver's own ceiling: a plain client, 16 requests in flight, same body size
            receiver.count.set(0);
            HttpClient client = HttpClient.newHttpClient();
            String body = "{\"id\":\"x\",\"event\":\"message.created\",\"timestamp\":\"" + Instant.now()
                    + "\",\"data\":{\"message_id\":\"" + id() + "\",\"metadata\":{}}}";
            HttpRequest request = HttpRequest.newBuilder(URI.create(receiver.url()))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            AtomicInteger next = new AtomicInteger();
            long t1 = System.nanoTime();
            List<CompletableFuture<Void>> lanes = new ArrayList<>();
            for (int lane = 0; lane < 16; lane++) {
                lanes.add(CompletableFuture.runAsync(() -> {
                    while (next.getAndIncrement() < BURST * 3) {
                        try {
                            client.send(request, HttpResponse.BodyHandlers.discarding());
                        } catch (IOException | InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }, Executors.newSingleThreadExecutor()));
            }
            CompletableFuture.allOf(lanes.toArray(CompletableFuture[]::new)).join();
            double ceiling = BURST * 3 / ((System.nanoTime() - t1) / 1e9);
            System.out.printf("BENCH webhook throughput: %.0f events/s delivered by one instance (%d events) | "
                    + "receiver ceiling %.0f requests/s (plain client, 16 in flight)%n", serviceRate, BURST, ceiling);
        }
    }

    private static void latency(FastReceiver receiver, String team, String project, String routeId, String label) {
        receiver.count.set(0);
        receiver.latenciesMicros.clear();
        long start = System.nanoTime();
        int total = RATE * SECONDS;
        for (int i = 0; i < total; i++) {
            long due = start + i * 1_000_000_000L / RATE;
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            publish(team, project, routeId);
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> receiver.count.get() >= total);
        List<Long> lat = new ArrayList<>(receiver.latenciesMicros);
        Collections.sort(lat);
        System.out.printf("BENCH webhook latency (%s) at %d events/s for %d s: p50 %.1f ms, p99 %.1f ms, max %.1f ms"
                + " (n=%d)%n", label, RATE, SECONDS, lat.get(lat.size() / 2) / 1000.0,
                lat.get((int) (lat.size() * 0.99)) / 1000.0, lat.get(lat.size() - 1) / 1000.0, lat.size());
    }

    private static void publish(String team, String project, String routeId) {
        String messageId = id();
        DeliveryEvent e = event(messageId, team, project, routeId, DeliveryEvent.QUEUED, null);
        WebhookTestSupport.producer().send(new ProducerRecord<>(Topics.DELIVERY_EVENTS, messageId, e));
    }
}
