package org.mintpost.webhook;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mintpost.webhook.WebhookTestSupport.as;
import static org.mintpost.webhook.WebhookTestSupport.event;
import static org.mintpost.webhook.WebhookTestSupport.events;
import static org.mintpost.webhook.WebhookTestSupport.id;
import static org.mintpost.webhook.WebhookTestSupport.route;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.KafkaResource;
import org.mintpost.testing.PostgresResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Delivery events from the real broker reach a real HTTP receiver, signed so that the official SDK's own
 * {@code Webhook} class (Node) accepts them, in order per message; a failing receiver gets them again later;
 * a 410 is a client_error and not retried; regenerate invalidates the old secret; test sends at once.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database",
        value = WebhookTestSupport.DATABASE))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(JwtKeysResource.class)
class WebhookDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final List<String> MESSAGE_EVENTS = List.of("message.created", "message.sent",
            "message.delivered", "message.hard_bounced");

    record Hook(String team, String project, String routeId, String id, String secret) {
    }

    private static Hook hook(Receiver receiver) throws Exception {
        String team = id();
        String project = id();
        String routeId = id();
        route(routeId, team, project, true);
        Map<String, Object>[] made = new Map[1];
        await().atMost(WAIT).until(() -> {
            var response = as(team).body(Map.of("route_id", routeId, "name", "hook", "url", receiver.url(),
                    "events", MESSAGE_EVENTS)).post("/v1/webhooks");
            if (response.statusCode() == 201) {
                made[0] = response.jsonPath().getMap("data");
                return true;
            }
            return false;
        });
        return new Hook(team, project, routeId, made[0].get("id").toString(), made[0].get("secret").toString());
    }

    private static void message(Hook h, String messageId, String... statuses) throws Exception {
        for (String status : statuses) {
            events(event(messageId, h.team(), h.project(), h.routeId(), status,
                    DeliveryEvent.DELIVERED.equals(status) ? 250 : null));
        }
    }

    private static JsonPath deliveries(Hook h) {
        return as(h.team()).get("/v1/webhooks/" + h.id() + "/deliveries").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void eventsArriveSignedInOrderAndTheSdkVerifiesThem() throws Exception {
        try (Receiver receiver = new Receiver()) {
            Hook h = hook(receiver);
            String messageId = id();
            message(h, messageId, DeliveryEvent.QUEUED, DeliveryEvent.PROCESSED, DeliveryEvent.DELIVERED,
                    DeliveryEvent.OPENED);
            await().atMost(WAIT).until(() -> receiver.requests().size() >= 3);
            List<Map<String, Object>> checked = SdkVerifier.verify(h.secret(), receiver.requests());
            assertEquals(List.of("message.created", "message.sent", "message.delivered"),
                    checked.stream().map(r -> r.get("event")).toList(), checked.toString());
            assertTrue(checked.stream().allMatch(r -> Boolean.TRUE.equals(r.get("ok"))), checked.toString());
            JsonPath delivered = JsonPath.from(receiver.requests().get(2).text());
            assertEquals(messageId, delivered.getString("data.message_id"));
            assertEquals(h.routeId(), delivered.getString("data.route_id"));
            assertEquals(250, delivered.getInt("data.response.code"));
            assertEquals("42", delivered.getString("data.metadata.order"));
            assertEquals(3, receiver.requests().size(), "message.opened is not subscribed");

            await().atMost(WAIT).until(() -> deliveries(h).getList("data.status")
                    .equals(List.of("success", "success", "success")));
            JsonPath list = deliveries(h);
            assertEquals(List.of("success", "success", "success"), list.getList("data.status"));
            String deliveryId = list.getString("data[0].id");
            as(h.team()).get("/v1/webhooks/" + h.id() + "/deliveries/" + deliveryId).then().statusCode(200)
                    .body("event_type", equalTo("message.delivered")).body("http_status_code", equalTo(200))
                    .body("payload.data.message_id", equalTo(messageId)).body("attempt_number", equalTo(1));
            as(h.team()).get("/v1/webhooks/" + h.id()).then().body("last_called_at", org.hamcrest.Matchers.notNullValue());

            List<Map<String, Object>> wrongSecret = SdkVerifier.verify("whsec_wrong", receiver.requests());
            assertTrue(wrongSecret.stream().noneMatch(r -> Boolean.TRUE.equals(r.get("ok"))), "a test that can fail");
        }
    }

    @Test
    void aReceiverThatFailsGetsEverythingLaterInOrder() throws Exception {
        try (Receiver receiver = new Receiver()) {
            receiver.answer(503);
            Hook h = hook(receiver);
            String messageId = id();
            message(h, messageId, DeliveryEvent.QUEUED, DeliveryEvent.PROCESSED, DeliveryEvent.DELIVERED);
            await().atMost(WAIT).until(() -> receiver.requests().size() >= 2);
            assertEquals("message.created", JsonPath.from(receiver.requests().get(0).text()).getString("event"));
            assertTrue(receiver.requests().stream().allMatch(r -> r.text().contains("message.created")),
                    "nothing later of the message goes out while its first event is not delivered");
            receiver.answer(200);
            await().atMost(WAIT).until(() -> receiver.requests().stream()
                    .anyMatch(r -> r.text().contains("message.delivered")));
            List<String> order = receiver.requests().stream()
                    .map(r -> JsonPath.from(r.text()).getString("event")).distinct().toList();
            assertEquals(List.of("message.created", "message.sent", "message.delivered"), order);
            JsonPath list = deliveries(h);
            assertTrue(list.getList("data.status").contains("server_error"));
            assertTrue(list.getList("data.attempt_number", Integer.class).stream().anyMatch(n -> n >= 2));
        }
    }

    @Test
    void a410IsAClientErrorAndNotRetried() throws Exception {
        try (Receiver receiver = new Receiver()) {
            receiver.answer(410);
            Hook h = hook(receiver);
            message(h, id(), DeliveryEvent.QUEUED);
            await().atMost(WAIT).until(() -> deliveries(h).getList("data.status").equals(List.of("client_error")));
            Thread.sleep(3_000);
            assertEquals(1, receiver.requests().size());
            assertEquals("client_error", deliveries(h).getString("data[0].status"));
            assertEquals(410, deliveries(h).getInt("data[0].http_status_code"));
        }
    }

    @Test
    void regenerateInvalidatesTheOldSecretAndTestSendsNow() throws Exception {
        try (Receiver receiver = new Receiver()) {
            Hook h = hook(receiver);
            String fresh = as(h.team()).post("/v1/webhooks/" + h.id() + "/regenerate-secret").then().statusCode(200)
                    .extract().jsonPath().getString("data.secret");
            JsonPath tested = as(h.team()).post("/v1/webhooks/" + h.id() + "/test").then().statusCode(200)
                    .body("message", equalTo("Test webhook dispatched successfully. Check the deliveries endpoint "
                            + "for results.")).extract().jsonPath();
            assertEquals(1, receiver.requests().size(), "the test went out before the call returned");
            assertTrue((Boolean) SdkVerifier.verify(fresh, receiver.requests()).get(0).get("ok"));
            assertFalse((Boolean) SdkVerifier.verify(h.secret(), receiver.requests()).get(0).get("ok"));
            as(h.team()).get("/v1/webhooks/" + h.id() + "/deliveries/" + tested.getString("delivery_id")).then()
                    .statusCode(200).body("event_type", equalTo("webhook.test")).body("status", equalTo("success"));
        }
    }

    @Test
    void aHangingOrHugeOrRedirectingReceiverEndsAsALoggedAttempt() throws Exception {
        try (Receiver receiver = new Receiver()) {
            Hook h = hook(receiver);
            receiver.hang(4_000);
            as(h.team()).post("/v1/webhooks/" + h.id() + "/test").then().statusCode(200);
            receiver.hang(0).bodyOf(10 * 1024 * 1024);
            as(h.team()).post("/v1/webhooks/" + h.id() + "/test").then().statusCode(200);
            receiver.bodyOf(0).answer(302);
            as(h.team()).post("/v1/webhooks/" + h.id() + "/test").then().statusCode(200);
            JsonPath list = deliveries(h);
            assertEquals(List.of("client_error", "success", "timeout"), list.getList("data.status"));
            String big = list.getString("data[1].id");
            String body = as(h.team()).get("/v1/webhooks/" + h.id() + "/deliveries/" + big).jsonPath()
                    .getString("response_body");
            assertTrue(body.length() <= 8192, "the answer is capped: " + body.length());
        }
    }
}
