package org.mintpost.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;

/**
 * Webhooks end to end, as a customer goes, through the official SDK: a project's default route gets a webhook
 * pointing at a real HTTP receiver; a mail sent through the edge reaches the SMTP sink, and message.created,
 * message.sent and message.delivered reach the receiver in order, signed so that the SDK's own {@code Webhook}
 * class accepts them; the attempts are in the SDK's delivery log. With the receiver down (503) a second mail's
 * events are retried and arrive once it is back. Regenerate makes the old secret fail and the new one pass.
 */
class WebhooksEndToEndTest {

    static Suite suite;
    static final Duration WAIT = Duration.ofSeconds(120);

    @BeforeAll
    static void start() throws Exception {
        suite = Suite.shared();
        OfficialSdkTest.installSdk();
    }

    @Test
    void signedEventsInOrderRetriedWhileTheReceiverIsDownAndVisibleThroughTheSdk() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            JsonPath created = sdk(Map.of("PHASE", "create", "URL", receiver.url()));
            String webhookId = created.getString("created.data.id");
            String secret = created.getString("created.data.secret");
            String projectToken = created.getString("project.token");
            assertTrue(secret.startsWith("whsec_"), secret);
            assertEquals(created.getString("route_id"), created.getString("retrieved.route_id"));
            assertNull(created.get("retrieved.secret"), "the secret is shown on create only");
            assertEquals(List.of(webhookId), created.getList("listed.data.id"));

            String first = send(projectToken, "Webhook " + UUID.randomUUID());
            List<WebhookReceiver.Request> firstEvents = awaitEvents(receiver, first, 3);
            JsonPath verified = verify(receiver, secret, firstEvents);
            assertEquals(List.of(true, true, true), verified.getList("results.ok"), verified.prettify());
            assertEquals(List.of("message.created", "message.sent", "message.delivered"),
                    verified.getList("results.event"));
            JsonPath delivered = JsonPath.from(firstEvents.get(2).text());
            assertEquals(created.getString("route_id"), delivered.getString("data.route_id"));
            assertEquals("42", delivered.getString("data.metadata.order"));

            // the receiver may answer before the attempt is recorded: until then the job shows as pending
            JsonPath log = Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(500))
                    .until(() -> sdk(Map.of("PHASE", "log", "WEBHOOK_ID", webhookId)), l -> !l.getList(
                            "deliveries.data.status").contains("pending"));
            assertTrue(log.getList("deliveries.data.status").stream().filter("success"::equals).count() >= 3,
                    log.prettify());
            assertEquals(webhookId, log.getString("first.webhook_id"));
            assertEquals(200, log.getInt("first.http_status_code"));

            receiver.answer(503);
            String second = send(projectToken, "Webhook down " + UUID.randomUUID());
            Awaitility.await().atMost(WAIT).until(() -> sdk(Map.of("PHASE", "log", "WEBHOOK_ID", webhookId))
                    .getList("deliveries.data.status").contains("server_error"));
            receiver.answer(200);
            List<WebhookReceiver.Request> later = awaitEvents(receiver, second, 3).stream()
                    .filter(r -> r.headers().containsKey("x-lettermint-signature")).toList();
            JsonPath laterChecked = verify(receiver, secret, later);
            assertTrue(laterChecked.getList("results.ok").stream().allMatch(Boolean.TRUE::equals));
            List<Object> order = laterChecked.getList("results.event").stream().distinct().toList();
            assertEquals(List.of("message.created", "message.sent", "message.delivered"), order);

            int before = receiver.requests().size();
            JsonPath rotated = sdk(Map.of("PHASE", "rotate", "WEBHOOK_ID", webhookId));
            String fresh = rotated.getString("regenerated.data.secret");
            assertNotEquals(secret, fresh);
            assertEquals("Webhook deleted successfully.", rotated.getString("deleted.message"));
            List<WebhookReceiver.Request> test = receiver.requests().subList(before, receiver.requests().size());
            assertEquals(1, test.size(), "the test event");
            assertTrue(verify(receiver, fresh, test).getBoolean("results[0].ok"));
            assertFalse(verify(receiver, secret, test).getBoolean("results[0].ok"), "the old secret is dead");
        }
    }

    @Test
    void a410ReceiverIsAClientErrorAndBadUrlsAreRefusedWithTheirReason() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.answer(410);
            JsonPath created = sdk(Map.of("PHASE", "create", "URL", receiver.url()));
            String webhookId = created.getString("created.data.id");
            send(created.getString("project.token"), "Webhook gone " + UUID.randomUUID());
            JsonPath log = Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(500))
                    .until(() -> sdk(Map.of("PHASE", "log", "WEBHOOK_ID", webhookId)),
                            l -> l.getList("deliveries.data.status").contains("client_error"));
            assertFalse(log.getList("deliveries.data.status").contains("success"), log.prettify());
            int before = receiver.requests().size();
            Thread.sleep(3_000); // past the suite's retry back-off: a 410 is never tried again
            assertEquals(before, receiver.requests().size(), "a client_error is not retried");

            // The suite lets loopback receivers through (allow-private-targets, as the local stack); the private
            // and metadata refusals themselves are proved in webhook-service's TargetGuardTest and WebhookApiTest.
            JsonPath refused = sdk(Map.of("PHASE", "refuse", "ROUTE_ID", created.getString("route_id")));
            assertEquals(List.of(422, 422, 422), refused.getList("refusals.status"), refused.prettify());
            assertTrue(refused.getList("refusals.reason").stream().allMatch(r -> r != null && r.toString()
                    .startsWith("The url")), refused.prettify());
        }
    }

    private static String send(String projectToken, String subject) throws Exception {
        JsonPath sent = sdk(Map.of("PHASE", "send", "PROJECT_TOKEN", projectToken, "SUBJECT", subject));
        suite.awaitMail(subject);
        return sent.getString("sent.message_id");
    }

    /** The requests about one message once {@code count} distinct events of it arrived, in arrival order. */
    private static List<WebhookReceiver.Request> awaitEvents(WebhookReceiver receiver, String messageId, int count) {
        return Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> receiver.requests()
                .stream().filter(r -> messageId.equals(JsonPath.from(r.text()).getString("data.message_id")))
                .toList(), list -> list.stream().map(r -> JsonPath.from(r.text()).getString("event")).distinct()
                        .count() >= count);
    }

    private static JsonPath verify(WebhookReceiver receiver, String secret, List<WebhookReceiver.Request> which)
            throws Exception {
        Path file = receiver.write(suite.work, which);
        try {
            return sdk(Map.of("PHASE", "verify", "SECRET", secret, "RECEIVED", file.toString()));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static JsonPath sdk(Map<String, String> phase) throws Exception {
        Map<String, String> env = new HashMap<>(phase);
        env.put("BASE_URL", suite.baseUrl());
        env.put("TEAM_TOKEN", suite.teamToken());
        String out = OfficialSdkTest.run(List.of("node", "webhooks-sdk.mjs"), env, 120);
        return JsonPath.from(out.lines().reduce((a, b) -> b).orElseThrow());
    }
}
