package org.mintpost.audit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mintpost.audit.AuditTestSupport.id;
import static org.mintpost.audit.AuditTestSupport.jwt;
import static org.mintpost.audit.AuditTestSupport.now;
import static org.mintpost.audit.AuditTestSupport.send;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.token.Permissions;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.KafkaResource;
import org.mintpost.testing.PostgresResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/**
 * {@code messages.list} with {@code filter[overdue]}: {@code true} (or {@code 1}) lists the scheduled messages whose
 * time has passed, {@code false} (or {@code 0}) every other message; any other value is a 422 naming the field.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database",
        value = AuditTestSupport.DATABASE))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(JwtKeysResource.class)
class MessageOverdueFilterTest {

    private static RequestSpecification as(String team) {
        return given().header("Authorization", "Bearer " + jwt(team, Permissions.MESSAGES_READ));
    }

    private static List<String> ids(String team, Map<String, String> query) {
        return as(team).queryParams(query).get("/v1/messages").then().statusCode(200).extract().jsonPath()
                .getList("data.id");
    }

    private static DeliveryEvent event(String id, String team, Instant received, String status,
            Map<String, String> data) {
        return new DeliveryEvent(id(), received.plusMillis(1), 1, id, team, "p-1",
                DeliveryEvent.QUEUED.equals(status) ? null : "r@example.test", status, null, null, 0,
                "Sender <s@example.test>", List.of("r@example.test"), "Later", null, received, null, null, data);
    }

    /** Queued, then parked until {@code at}, as the worker's events say. */
    private static DeliveryEvent[] scheduled(String id, String team, Instant received, Instant at) {
        return new DeliveryEvent[] {event(id, team, received, DeliveryEvent.QUEUED, null),
                event(id, team, received, DeliveryEvent.SCHEDULED, Map.of("scheduled_at", at.toString()))};
    }

    @Test
    void overdueScheduledMessagesAreListedApart() {
        String team = id();
        String overdue = id();
        String later = id();
        String delivered = id();
        Instant t0 = now().minusSeconds(120);
        send(Topics.DELIVERY_EVENTS, scheduled(overdue, team, t0, now().minusSeconds(30)));
        send(Topics.DELIVERY_EVENTS, scheduled(later, team, t0.plusSeconds(1), now().plusSeconds(3600)));
        send(Topics.DELIVERY_EVENTS, event(delivered, team, t0.plusSeconds(2), DeliveryEvent.DELIVERED, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> ids(team, Map.of()).size() == 3
                && ids(team, Map.of("filter[status]", "scheduled")).size() == 2);

        assertEquals(List.of(overdue), ids(team, Map.of("filter[overdue]", "true")));
        assertEquals(List.of(overdue), ids(team, Map.of("filter[overdue]", "1")));
        assertEquals(List.of(delivered, later), ids(team, Map.of("filter[overdue]", "false")));
        assertEquals(List.of(delivered, later), ids(team, Map.of("filter[overdue]", "0")));
    }

    @Test
    void aBadValueIsA422NamingTheField() {
        as(id()).queryParam("filter[overdue]", "maybe").get("/v1/messages").then().statusCode(422)
                .body("errors.'filter.overdue'[0]", containsString("true or false"));
    }
}
