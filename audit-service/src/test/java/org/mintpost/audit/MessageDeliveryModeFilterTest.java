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
 * {@code messages.list} with {@code filter[delivery_mode]}: {@code sandbox} lists the sandbox messages, {@code live}
 * the others; any other value is a 422 naming the field.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database",
        value = AuditTestSupport.DATABASE))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(JwtKeysResource.class)
class MessageDeliveryModeFilterTest {

    private static RequestSpecification as(String team) {
        return given().header("Authorization", "Bearer " + jwt(team, Permissions.MESSAGES_READ));
    }

    private static List<String> ids(String team, Map<String, String> query) {
        return as(team).queryParams(query).get("/v1/messages").then().statusCode(200).extract().jsonPath()
                .getList("data.id");
    }

    private static DeliveryEvent delivered(String id, String team, Instant at, boolean sandbox) {
        Map<String, String> data = sandbox ? Map.of("delivery_mode", "sandbox", "sandbox_result", "delivered") : null;
        return new DeliveryEvent(id(), at, DeliveryEvent.SCHEMA_VERSION, id, team, id(), "a@example.test",
                DeliveryEvent.DELIVERED, 250, "250 ok", 1, "shop@example.test", List.of("a@example.test"), "Hi", null,
                at, null, null, data);
    }

    @Test
    void sandboxAndLiveMessagesAreListedApart() {
        String team = id();
        String live = id();
        String sandbox = id();
        String sandbox2 = id();
        Instant t0 = now().minusSeconds(60);
        send(Topics.DELIVERY_EVENTS, delivered(live, team, t0, false), delivered(sandbox, team, t0.plusSeconds(1), true),
                delivered(sandbox2, team, t0.plusSeconds(2), true));
        await().atMost(Duration.ofSeconds(30)).until(() -> ids(team, Map.of()).size() == 3);

        assertEquals(List.of(sandbox2, sandbox), ids(team, Map.of("filter[delivery_mode]", "sandbox")));
        assertEquals(List.of(live), ids(team, Map.of("filter[delivery_mode]", "live")));
        assertEquals(List.of(sandbox2), ids(team, Map.of("filter[delivery_mode]", "sandbox", "page[size]", "1")));
        as(team).queryParam("filter[delivery_mode]", "sandbox").get("/v1/messages").then().statusCode(200)
                .body("data.delivery_mode", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo("sandbox")));
    }

    @Test
    void aBadModeIsA422NamingTheField() {
        as(id()).queryParam("filter[delivery_mode]", "test").get("/v1/messages").then().statusCode(422)
                .body("errors.'filter.delivery_mode'[0]", containsString("live or sandbox"));
    }
}
