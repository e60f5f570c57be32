package org.mintpost.webhook;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mintpost.webhook.WebhookTestSupport.as;
import static org.mintpost.webhook.WebhookTestSupport.event;
import static org.mintpost.webhook.WebhookTestSupport.events;
import static org.mintpost.webhook.WebhookTestSupport.id;
import static org.mintpost.webhook.WebhookTestSupport.route;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.KafkaResource;
import org.mintpost.testing.PostgresResource;
import org.mintpost.webhook.retention.AttemptRetention;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The queue's promises: a hanging endpoint never delays a fast one; an open job shows as {@code pending}; machine
 * events reach only webhooks that asked for them; a day of failures disables a webhook with a
 * {@code webhook.disabled} entry; old attempts are purged.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database",
        value = WebhookTestSupport.DATABASE))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(JwtKeysResource.class)
class WebhookQueueTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Inject
    DataSource db;

    @Inject
    AttemptRetention retention;

    record Route(String team, String project, String id) {
    }

    private static Route route() throws Exception {
        Route r = new Route(id(), id(), id());
        WebhookTestSupport.route(r.id(), r.team(), r.project(), true);
        return r;
    }

    /** Creates a webhook (retrying while the route is not known yet); returns its id. */
    private static String hook(Route r, String url, List<String> eventNames, boolean machine) {
        String[] made = new String[1];
        Map<String, Object> body = new HashMap<>(Map.of("route_id", r.id(), "name", "hook", "url", url, "events",
                eventNames, "include_machine_events", machine));
        await().atMost(WAIT).until(() -> {
            var response = as(r.team()).body(body).post("/v1/webhooks");
            made[0] = response.statusCode() == 201 ? response.jsonPath().getString("data.id") : null;
            return made[0] != null;
        });
        return made[0];
    }

    private static JsonPath deliveries(Route r, String webhookId) {
        return as(r.team()).get("/v1/webhooks/" + webhookId + "/deliveries").then().statusCode(200).extract()
                .jsonPath();
    }

    private static DeliveryEvent created(Route r, String messageId) {
        return event(messageId, r.team(), r.project(), r.id(), DeliveryEvent.QUEUED, null);
    }

    private void sql(String statement, String webhookId) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(statement)) {
            ps.setString(1, webhookId);
            ps.executeUpdate();
        }
    }

    @Test
    void aHangingEndpointNeverDelaysAFastOne() throws Exception {
        try (Receiver hanging = new Receiver(); Receiver fast = new Receiver()) {
            hanging.hang(10_000);
            Route r = route();
            hook(r, hanging.url(), List.of("message.created"), false);
            hook(r, fast.url(), List.of("message.created"), false);
            List<DeliveryEvent> batch = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                batch.add(created(r, id()));
            }
            events(batch.toArray(DeliveryEvent[]::new));
            await().atMost(WAIT).until(() -> fast.requests().size() >= 20);
            // the hanging endpoint gets its share (per-webhook-in-flight, 4) per round of timeout: the fast one is
            // done with all 20 long before the hanging one got through a few of its own
            int held = hanging.requests().size();
            assertTrue(held >= 1 && held <= 8, "the hanging endpoint is tried, a share at a time; got " + held);
        }
    }

    @Test
    void anOpenJobIsPendingUntilItsAttemptIsRecorded() throws Exception {
        try (Receiver receiver = new Receiver()) {
            receiver.answer(503);
            Route r = route();
            String webhookId = hook(r, receiver.url(), List.of("message.created"), false);
            events(created(r, id()));
            // one snapshot: an attempt's record replaces its pending entry and adds the next one in one transaction
            JsonPath open = await().atMost(WAIT).until(() -> deliveries(r, webhookId),
                    l -> "pending".equals(l.getString("data[0].status")) && l.getList("data.status")
                            .contains("server_error"));
            List<String> statuses = open.getList("data.status");
            assertEquals(1, statuses.stream().filter("pending"::equals).count(), statuses.toString());
            assertEquals(statuses.size(), open.getInt("data[0].attempt_number"), "the next attempt's number");
            assertEquals(1, as(r.team()).get("/v1/webhooks/" + webhookId + "/deliveries?filter[status]=pending")
                    .jsonPath().getList("data").size());
            receiver.answer(200);
            await().atMost(WAIT).until(() -> deliveries(r, webhookId).getList("data.status").get(0)
                    .equals("success"));
            assertFalse(deliveries(r, webhookId).getList("data.status").contains("pending"));
        }
    }

    @Test
    void machineEventsReachOnlyWebhooksThatAskForThem() throws Exception {
        try (Receiver people = new Receiver(); Receiver all = new Receiver()) {
            Route r = route();
            hook(r, people.url(), List.of("message.opened"), false);
            hook(r, all.url(), List.of("message.opened"), true);
            String messageId = id();
            DeliveryEvent byMachine = event(messageId, r.team(), r.project(), r.id(), DeliveryEvent.OPENED, null);
            byMachine = new DeliveryEvent(byMachine.eventId(), byMachine.occurredAt(), byMachine.schemaVersion(),
                    messageId, r.team(), r.project(), byMachine.recipient(), DeliveryEvent.OPENED, null, null, 1,
                    byMachine.from(), byMachine.to(), byMachine.subject(), byMachine.tag(), byMachine.receivedAt(),
                    r.id(), byMachine.metadata(), Map.of(DeliveryEvent.DATA_MACHINE, "true"));
            events(byMachine, event(messageId, r.team(), r.project(), r.id(), DeliveryEvent.OPENED, null));
            await().atMost(WAIT).until(() -> all.requests().size() >= 2 && people.requests().size() >= 1);
            Thread.sleep(500);
            assertEquals(2, all.requests().size());
            assertEquals(1, people.requests().size(), "the machine's open is left out");
        }
    }

    @Test
    void aDayOfFailuresDisablesTheWebhookWithAnEntryInItsLog() throws Exception {
        try (Receiver receiver = new Receiver()) {
            receiver.answer(500);
            Route r = route();
            String webhookId = hook(r, receiver.url(), List.of("message.created"), false);
            sql("UPDATE webhooks.webhook SET failing_since = now() - interval '25 hours' WHERE id = ?::uuid",
                    webhookId);
            events(created(r, id()));
            await().atMost(WAIT).until(() -> deliveries(r, webhookId).getList("data.event_type")
                    .contains("webhook.disabled"));
            JsonPath webhook = as(r.team()).get("/v1/webhooks/" + webhookId).then().statusCode(200).extract()
                    .jsonPath();
            assertFalse(webhook.getBoolean("enabled"));
            assertTrue(webhook.getString("disabled_reason").startsWith("deliveries failed"), webhook.prettify());
            String entry = as(r.team()).get("/v1/webhooks/" + webhookId
                    + "/deliveries?filter[event_type]=webhook.disabled").jsonPath().getString("data[0].error_message");
            assertTrue(entry.startsWith("Disabled: deliveries failed for 24 h"), entry);
        }
    }

    @Test
    void attemptsOlderThanTheRetentionArePurged() throws Exception {
        try (Receiver receiver = new Receiver()) {
            Route r = route();
            String webhookId = hook(r, receiver.url(), List.of("message.created"), false);
            as(r.team()).post("/v1/webhooks/" + webhookId + "/test").then().statusCode(200);
            as(r.team()).post("/v1/webhooks/" + webhookId + "/test").then().statusCode(200);
            sql("UPDATE webhooks.delivery SET created_at = now() - interval '40 days' WHERE id = (SELECT id FROM "
                    + "webhooks.delivery WHERE webhook_id = ?::uuid ORDER BY created_at LIMIT 1)", webhookId);
            assertTrue(retention.purge(Duration.ofDays(30)) >= 1);
            assertEquals(1, deliveries(r, webhookId).getList("data").size());
        }
    }
}
