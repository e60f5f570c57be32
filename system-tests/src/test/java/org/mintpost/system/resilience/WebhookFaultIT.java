package org.mintpost.system.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.mintpost.system.Suite;

import com.sun.net.httpserver.HttpServer;

/**
 * webhook-service is {@code kill -9}ed while mails are sent and their events are being delivered: after it is
 * started again, every accepted mail's {@code message.delivered} reaches the receiver at least once (jobs live in
 * PostgreSQL; a killed instance's claimed jobs are taken again when their lease ends; Kafka offsets are committed
 * only after the jobs are stored). Duplicates are counted and printed.
 */
@Order(7)
class WebhookFaultIT {

    private static final Pattern EVENT = Pattern.compile("\"event\":\"([a-z._]+)\"");
    private static final Pattern MESSAGE = Pattern.compile("\"message_id\":\"([0-9a-f-]{36})\"");
    private static final int MAILS = Integer.getInteger("resilience.webhook-mails", 120);

    @Test
    void killingWebhookServiceUnderLoadLosesNoDelivery() throws Exception {
        ResilienceEnv env = ResilienceEnv.shared();
        Map<String, AtomicInteger> delivered = new ConcurrentHashMap<>();
        AtomicInteger received = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newFixedThreadPool(4));
        receiver.createContext("/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            received.incrementAndGet();
            Matcher event = EVENT.matcher(body);
            Matcher message = MESSAGE.matcher(body);
            if (event.find() && message.find() && "message.delivered".equals(event.group(1))) {
                delivered.computeIfAbsent(message.group(1), k -> new AtomicInteger()).incrementAndGet();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String project = env.team("POST", "/v1/projects", "{\"name\":\"Webhook fault\"}").body();
            String projectId = ResilienceEnv.field(project, "id");
            String projectToken = ResilienceEnv.field(project, "api_token");
            String routeId = ResilienceEnv.field(project, "default_route_id");
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            HttpResponse<String> created = null;
            for (int i = 0; i < 100 && (created == null || created.statusCode() == 404); i++) {
                created = env.team("POST", "/v1/webhooks", "{\"route_id\":\"" + routeId + "\",\"name\":\"fault\","
                        + "\"url\":\"" + url + "\",\"events\":[\"message.delivered\"]}");
                ResilienceEnv.sleep(200);
            }
            assertEquals(201, created.statusCode(), created.body());

            Suite.Service webhooks = env.suite.services.get("webhook-service");
            Set<String> accepted = ConcurrentHashMap.newKeySet();
            long started = System.nanoTime();
            for (int i = 0; i < MAILS; i++) {
                if (i == MAILS / 3) {
                    webhooks.kill();
                }
                if (i == MAILS / 2) {
                    webhooks.start();
                }
                String body = "{\"from\":\"shop@example.com\",\"to\":[\"bob@example.org\"],\"subject\":\"hook "
                        + i + "\",\"text\":\"webhook fault run\"}";
                HttpResponse<String> sent = env.call("POST", env.edge() + "/v1/send",
                        Map.of("x-lettermint-token", projectToken, "Idempotency-Key", UUID.randomUUID().toString()),
                        body);
                if (sent.statusCode() == 202) {
                    accepted.add(ResilienceEnv.field(sent.body(), "message_id"));
                }
                ResilienceEnv.sleep(100);
            }
            webhooks.awaitReady(Duration.ofSeconds(180));
            long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
            while (!delivered.keySet().containsAll(accepted) && System.nanoTime() < deadline) {
                ResilienceEnv.sleep(500);
            }
            List<String> lost = accepted.stream().filter(id -> !delivered.containsKey(id)).toList();
            long duplicates = delivered.values().stream().mapToInt(n -> n.get() - 1).sum();
            System.out.printf("webhook kill -9: %d mails accepted, %d message.delivered webhooks received for them, "
                    + "%d lost, %d duplicates, %d requests in all, %d s%n", accepted.size(),
                    accepted.stream().filter(delivered::containsKey).count(), lost.size(), duplicates, received.get(),
                    Duration.ofNanos(System.nanoTime() - started).toSeconds());
            assertTrue(accepted.size() >= MAILS * 9 / 10, "the mails were accepted: " + accepted.size());
            assertEquals(List.of(), lost, "every accepted mail's message.delivered reached the receiver");
        } finally {
            receiver.stop(0);
        }
    }
}
