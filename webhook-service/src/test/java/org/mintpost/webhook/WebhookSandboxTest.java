package org.mintpost.webhook;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mintpost.webhook.WebhookTestSupport.as;
import static org.mintpost.webhook.WebhookTestSupport.events;
import static org.mintpost.webhook.WebhookTestSupport.id;
import static org.mintpost.webhook.WebhookTestSupport.route;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
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
 * {@code delivery_mode_filter} (live by default, sandbox, both): stored, validated (422 naming the field), returned
 * and applied to delivery events from the real broker; a delivery of a sandbox message's event says
 * {@code sandbox: true}.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database",
        value = WebhookTestSupport.DATABASE))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(JwtKeysResource.class)
class WebhookSandboxTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private static String create(String team, String routeId, String url, String filter) {
        Map<String, Object> body = new HashMap<>(Map.of("route_id", routeId, "name", "hook", "url", url,
                "events", List.of("message.delivered")));
        if (filter != null) {
            body.put("delivery_mode_filter", filter);
        }
        Map<String, Object>[] made = new Map[1];
        await().atMost(WAIT).until(() -> {
            var response = as(team).body(body).post("/v1/webhooks");
            made[0] = response.statusCode() == 201 ? response.jsonPath().getMap("data") : null;
            return made[0] != null;
        });
        assertEquals(filter == null ? "live" : filter, made[0].get("delivery_mode_filter"));
        return made[0].get("id").toString();
    }

    private static DeliveryEvent delivered(String team, String project, String routeId, String mode) {
        Map<String, String> data = mode == null ? null : Map.of("delivery_mode", mode, "sandbox_result", "delivered");
        return new DeliveryEvent(id(), Instant.now(), DeliveryEvent.SCHEMA_VERSION, id(), team, project,
                "bob@example.org", DeliveryEvent.DELIVERED, 250, "250 ok", 1, "alice@example.com",
                List.of("bob@example.org"), "Hello", null, Instant.now(), routeId, Map.of(), data);
    }

    @Test
    void aBadFilterIsA422NamingTheField() throws Exception {
        String team = id();
        String routeId = id();
        route(routeId, team, id(), true);
        String hook = create(team, routeId, "http://127.0.0.1:9/a", null);
        as(team).body(Map.of("route_id", routeId, "name", "x", "url", "http://127.0.0.1:9/b",
                "events", List.of("message.delivered"), "delivery_mode_filter", "test")).post("/v1/webhooks")
                .then().statusCode(422).body("message", containsString("delivery_mode_filter"))
                .body("errors.delivery_mode_filter[0]", containsString("live, sandbox or both"));
        as(team).body(Map.of("delivery_mode_filter", 3)).put("/v1/webhooks/" + hook).then().statusCode(422)
                .body("errors.delivery_mode_filter[0]", containsString("string"));
        as(team).body(Map.of("delivery_mode_filter", "both")).put("/v1/webhooks/" + hook).then().statusCode(200)
                .body("data.delivery_mode_filter", equalTo("both"));
        as(team).get("/v1/webhooks/" + hook).then().statusCode(200).body("delivery_mode_filter", equalTo("both"));
        as(team).body(Map.of("name", "renamed")).put("/v1/webhooks/" + hook).then().statusCode(200)
                .body("data.delivery_mode_filter", equalTo("both"));
    }

    @Test
    void eachWebhookHearsOfTheModesItAskedForAndDeliveriesSaySandbox() throws Exception {
        try (Receiver liveOnly = new Receiver(); Receiver sandboxOnly = new Receiver(); Receiver both = new Receiver()) {
            String team = id();
            String project = id();
            String routeId = id();
            route(routeId, team, project, true);
            String liveHook = create(team, routeId, liveOnly.url(), null);
            String sandboxHook = create(team, routeId, sandboxOnly.url(), "sandbox");
            String bothHook = create(team, routeId, both.url(), "both");

            DeliveryEvent sandboxed = delivered(team, project, routeId, "sandbox");
            DeliveryEvent live = delivered(team, project, routeId, null);
            events(sandboxed, live);

            await().atMost(WAIT).until(() -> both.requests().size() >= 2 && liveOnly.requests().size() >= 1
                    && sandboxOnly.requests().size() >= 1);
            Thread.sleep(1000);
            assertEquals(List.of(live.messageId()), messageIds(liveOnly));
            assertEquals(List.of(sandboxed.messageId()), messageIds(sandboxOnly));
            assertEquals(List.of(live.messageId(), sandboxed.messageId()).stream().sorted().toList(),
                    messageIds(both).stream().sorted().toList());

            assertEquals(List.of(false), sandboxFlags(team, liveHook));
            assertEquals(List.of(true), sandboxFlags(team, sandboxHook));
            assertEquals(List.of(false, true), sandboxFlags(team, bothHook).stream().sorted().toList());
        }
    }

    private static List<String> messageIds(Receiver r) {
        return r.requests().stream().map(q -> JsonPath.from(q.text()).getString("data.message_id")).toList();
    }

    /** {@code sandbox} of each delivery of the webhook once all have succeeded. */
    private static List<Boolean> sandboxFlags(String team, String hook) {
        JsonPath[] list = new JsonPath[1];
        await().atMost(WAIT).until(() -> {
            list[0] = as(team).get("/v1/webhooks/" + hook + "/deliveries").then().statusCode(200).extract().jsonPath();
            return list[0].getList("data.status").stream().allMatch("success"::equals);
        });
        return list[0].getList("data.id", String.class).stream().map(d -> as(team)
                .get("/v1/webhooks/" + hook + "/deliveries/" + d).then().statusCode(200).extract().jsonPath()
                .getBoolean("sandbox")).toList();
    }
}
