package org.mintpost.audit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.mintpost.audit.AuditTestSupport.delivery;
import static org.mintpost.audit.AuditTestSupport.id;
import static org.mintpost.audit.AuditTestSupport.jwt;
import static org.mintpost.audit.AuditTestSupport.now;
import static org.mintpost.audit.AuditTestSupport.send;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
import io.restassured.path.json.JsonPath;

/** Message status and timelines from real delivery events, and who may see them. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database",
        value = AuditTestSupport.DATABASE))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(JwtKeysResource.class)
class MessageApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static JsonPath events(String team, String messageId) {
        return given().header("Authorization", "Bearer " + jwt(team, Permissions.MESSAGES_READ))
                .when().get("/v1/messages/" + messageId + "/events")
                .then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath message(String team, String messageId) {
        return given().header("Authorization", "Bearer " + jwt(team, Permissions.MESSAGES_READ))
                .when().get("/v1/messages/" + messageId)
                .then().statusCode(200).extract().jsonPath();
    }

    private static void awaitEvents(String team, String messageId, int expected) {
        await().atMost(WAIT).untilAsserted(() -> {
            int status = given().header("Authorization", "Bearer " + jwt(team, Permissions.MESSAGES_READ))
                    .when().get("/v1/messages/" + messageId + "/events").statusCode();
            assertEquals(200, status);
            assertEquals(expected, events(team, messageId).getList("data").size());
        });
    }

    @Test
    void statusIsTheLatestEventEvenWhenEventsArriveOutOfOrder() {
        String team = id();
        String project = id();
        String messageId = id();
        Instant t0 = now().minusSeconds(300);
        DeliveryEvent first = delivery(messageId, team, project, DeliveryEvent.SOFT_BOUNCED, 1, t0, 421,
                "4.7.0 try again later");
        DeliveryEvent second = delivery(messageId, team, project, DeliveryEvent.SOFT_BOUNCED, 2, t0.plusSeconds(10),
                null, "connection refused");
        DeliveryEvent third = delivery(messageId, team, project, DeliveryEvent.DELIVERED, 3, t0.plusSeconds(70), 250,
                "2.0.0 Ok");
        // the final delivery arrives first, the first attempt last
        send(Topics.DELIVERY_EVENTS, third);
        awaitEvents(team, messageId, 1);
        send(Topics.DELIVERY_EVENTS, second, first);
        awaitEvents(team, messageId, 3);

        JsonPath m = message(team, messageId);
        assertEquals(messageId, m.getString("id"));
        assertEquals("outbound", m.getString("type"));
        assertEquals("delivered", m.getString("status"));
        assertEquals(t0.plusSeconds(70).toString(), m.getString("status_changed_at"));
        assertEquals("sender@example.test", m.getString("from_email"));
        assertEquals("Sender", m.getString("from_name"));
        assertEquals(List.of("rcpt@example.test"), m.getList("to.email"));
        assertEquals("Hello", m.getString("subject"));
        assertEquals("welcome", m.getString("tag"));
        assertEquals(List.of(), m.getList("tags"));
        assertEquals(t0.minusSeconds(60).toString(), m.getString("created_at"), "the earliest received_at seen");

        JsonPath timeline = events(team, messageId);
        assertEquals(List.of("soft_bounced", "soft_bounced", "delivered"), timeline.getList("data.event"));
        assertEquals(List.of(t0.toString(), t0.plusSeconds(10).toString(), t0.plusSeconds(70).toString()),
                timeline.getList("data.timestamp"));
        assertEquals(421, timeline.getInt("data[0].metadata.smtp_code"));
        assertNull(timeline.get("data[1].metadata.smtp_code"));
        assertEquals("connection refused", timeline.getString("data[1].metadata.smtp_response"));
        assertEquals("rcpt@example.test", timeline.getString("data[2].metadata.recipient"));
        assertEquals(messageId, timeline.getString("data[2].message_id"));
        assertEquals("welcome", timeline.getString("data[2].tag"));
        assertEquals(List.of(), timeline.getList("links"));
        assertNull(timeline.get("meta.next_cursor"));
    }

    @Test
    void eventsArePagedOldestFirst() {
        String team = id();
        String messageId = id();
        Instant t0 = now().minusSeconds(600);
        for (int i = 0; i < 5; i++) {
            send(Topics.DELIVERY_EVENTS, delivery(messageId, team, id(), DeliveryEvent.SOFT_BOUNCED, i + 1,
                    t0.plusSeconds(i), 421, "try " + i));
        }
        awaitEvents(team, messageId, 5);
        String auth = "Bearer " + jwt(team, Permissions.MESSAGES_READ);
        JsonPath first = given().header("Authorization", auth).queryParam("page[size]", "2")
                .get("/v1/messages/" + messageId + "/events").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(1, 2), first.getList("data.metadata.attempt"));
        assertEquals(2, first.getInt("meta.per_page"));
        JsonPath second = given().header("Authorization", auth).queryParam("page[size]", "2")
                .queryParam("page[cursor]", first.getString("meta.next_cursor"))
                .get("/v1/messages/" + messageId + "/events").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(3, 4), second.getList("data.metadata.attempt"));
        given().header("Authorization", auth).queryParam("page[cursor]", "nope")
                .get("/v1/messages/" + messageId + "/events").then().statusCode(422)
                .body("errors.'page.cursor'.size()", equalTo(1));
    }

    @Test
    void tiesInTimeAreBrokenByAttempt() {
        String team = id();
        String messageId = id();
        Instant at = now().minusSeconds(30);
        // same instant: the later attempt wins, whatever the arrival order
        send(Topics.DELIVERY_EVENTS,
                delivery(messageId, team, id(), DeliveryEvent.HARD_BOUNCED, 2, at, 550, "5.1.1 no such user"),
                delivery(messageId, team, id(), DeliveryEvent.SOFT_BOUNCED, 1, at, 451, "4.3.0 later"));
        awaitEvents(team, messageId, 2);
        assertEquals("hard_bounced", message(team, messageId).getString("status"));
        assertEquals(List.of("soft_bounced", "hard_bounced"), events(team, messageId).getList("data.event"));
    }

    @Test
    void anotherTeamsMessageIsNotFound() {
        String team = id();
        String messageId = id();
        send(Topics.DELIVERY_EVENTS, delivery(messageId, team, id(), DeliveryEvent.DELIVERED, 1, now(), 250, "ok"));
        awaitEvents(team, messageId, 1);
        String stranger = jwt(id(), Permissions.MESSAGES_READ);
        for (String path : List.of("/v1/messages/" + messageId, "/v1/messages/" + messageId + "/events",
                "/v1/messages/" + id(), "/v1/messages/" + id() + "/events")) {
            given().header("Authorization", "Bearer " + stranger).when().get(path)
                    .then().statusCode(404).body("error", equalTo("not_found"));
        }
    }

    @Test
    void messagesNeedMessagesRead() {
        given().header("Authorization", "Bearer " + jwt(id(), Permissions.PROJECT_TOKENS_READ))
                .when().get("/v1/messages/" + id())
                .then().statusCode(403).body("error", equalTo("forbidden"));
    }
}
