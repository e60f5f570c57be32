package org.mintpost.webhook;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mintpost.webhook.WebhookTestSupport.as;
import static org.mintpost.webhook.WebhookTestSupport.create;
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
 * Scheduling control's events reach webhooks as Lettermint's OpenAPI names them: a message parked until its time is
 * {@code message.scheduled}, a moved one {@code message.rescheduled}, a canceled one {@code message.canceled}; a
 * webhook hears only those it subscribed to, and an unknown event name is still a 422.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database",
        value = WebhookTestSupport.DATABASE))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(JwtKeysResource.class)
class WebhookSchedulingEventsTest {

    @Test
    void scheduledRescheduledAndCanceledAreDelivered() throws Exception {
        try (Receiver all = new Receiver(); Receiver canceledOnly = new Receiver()) {
            String team = id();
            String project = id();
            String routeId = id();
            route(routeId, team, project, true);
            await().atMost(Duration.ofSeconds(90)).until(() -> as(team).body(Map.of("route_id", routeId, "name", "h",
                    "url", all.url(), "events", List.of("message.scheduled"))).post("/v1/webhooks").statusCode() == 201);
            // the route is known now: the rest are created at once
            create(team, routeId, all.url(), List.of("message.rescheduled", "message.canceled"));
            create(team, routeId, canceledOnly.url(), List.of("message.canceled"));
            as(team).body(Map.of("route_id", routeId, "name", "x", "url", all.url(),
                    "events", List.of("message.postponed"))).post("/v1/webhooks").then().statusCode(422);

            String message = id();
            events(event(message, team, project, routeId, DeliveryEvent.SCHEDULED, null),
                    event(message, team, project, routeId, DeliveryEvent.RESCHEDULED, null),
                    event(message, team, project, routeId, DeliveryEvent.CANCELED, null));

            await().atMost(Duration.ofSeconds(90)).until(() -> all.requests().size() >= 3
                    && canceledOnly.requests().size() >= 1);
            Thread.sleep(1000);
            assertEquals(List.of("message.canceled", "message.rescheduled", "message.scheduled"),
                    eventNames(all).stream().sorted().toList());
            assertEquals(List.of("message.canceled"), eventNames(canceledOnly));
        }
    }

    private static List<String> eventNames(Receiver r) {
        return r.requests().stream().map(q -> JsonPath.from(q.text()).getString("event")).toList();
    }
}
