package org.mintpost.audit.tracking;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mintpost.audit.AuditTestSupport.count;
import static org.mintpost.audit.AuditTestSupport.event;
import static org.mintpost.audit.AuditTestSupport.id;
import static org.mintpost.audit.AuditTestSupport.jwt;
import static org.mintpost.audit.AuditTestSupport.send;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.mintpost.audit.AuditTestSupport;
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

/**
 * Opens and clicks as the edge publishes them (on {@code delivery-events}, classified): on the message's timeline
 * with their data, and in stats by class, effective opens counting each recipient of a message once.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database",
        value = AuditTestSupport.DATABASE))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(JwtKeysResource.class)
class EngagementStatsTest {

    static DeliveryEvent hit(String message, String team, String project, String status, String recipient,
            Instant at, Map<String, String> data) {
        return new DeliveryEvent(UUID.randomUUID().toString(), at, 1, message, team, project, recipient, status, null,
                null, 0, null, null, null, null, null, "route-1", null, data);
    }

    @Test
    void opensAndClicksAreOnTheTimelineAndCountedByClassAndEffectivelyOncePerRecipient() {
        String team = id();
        String project = id();
        String m1 = id();
        String m2 = id();
        Instant t = LocalDate.now(ZoneOffset.UTC).atTime(1, 0).toInstant(ZoneOffset.UTC);
        List<DeliveryEvent> events = new ArrayList<>();
        events.add(event(m1, team, project, "route-1", DeliveryEvent.DELIVERED, "a@x.test", t, t, "s@x.test",
                "a@x.test", "Hello", null));
        events.add(hit(m1, team, project, DeliveryEvent.OPENED, "a@x.test", t.plusSeconds(1),
                Map.of("classification", "machine")));
        events.add(hit(m1, team, project, DeliveryEvent.OPENED, "a@x.test", t.plusSeconds(60),
                Map.of("classification", "human")));
        events.add(hit(m1, team, project, DeliveryEvent.OPENED, "a@x.test", t.plusSeconds(70),
                Map.of("classification", "human")));
        events.add(hit(m1, team, project, DeliveryEvent.CLICKED, "a@x.test", t.plusSeconds(80),
                Map.of("classification", "human", "url", "https://example.com/1")));
        events.add(hit(m1, team, project, DeliveryEvent.CLICKED, "a@x.test", t.plusSeconds(2),
                Map.of("classification", "machine", "url", "https://example.com/2")));
        events.add(hit(m2, team, project, DeliveryEvent.OPENED, "b@x.test", t.plusSeconds(90),
                Map.of("classification", "privacy")));
        send(Topics.DELIVERY_EVENTS, events);
        send(Topics.DELIVERY_EVENTS, events);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "SELECT count(*) FROM audit.delivery_event WHERE team_id = ?", team) == events.size());

        String day = t.atZone(ZoneOffset.UTC).toLocalDate().toString();
        JsonPath stats = given().header("Authorization", "Bearer " + jwt(team, Permissions.STATS_READ))
                .queryParams(Map.of("from", day, "to", day)).get("/v1/stats").then().statusCode(200).extract()
                .jsonPath();
        assertEquals(4, stats.getInt("totals.opened"));
        assertEquals(2, stats.getInt("totals.clicked"));
        assertEquals(2, stats.getInt("totals.human_opened"));
        assertEquals(1, stats.getInt("totals.privacy_opened"));
        assertEquals(1, stats.getInt("totals.machine_opened"));
        assertEquals(1, stats.getInt("totals.machine_clicked"));
        assertEquals(2, stats.getInt("totals.effective_opened"));
        assertEquals(3, stats.getInt("totals.observed_opened"), "human plus privacy opens, as Lettermint counts");
        assertEquals(3, stats.getInt("daily.find { it.date == '" + day + "' }.observed_opened"));

        JsonPath timeline = given().header("Authorization", "Bearer " + jwt(team, Permissions.MESSAGES_READ))
                .get("/v1/messages/" + m1 + "/events").then().statusCode(200).extract().jsonPath();
        List<String> kinds = timeline.getList("data.event");
        assertEquals(3, kinds.stream().filter("opened"::equals).count(), kinds.toString());
        assertEquals(2, kinds.stream().filter("clicked"::equals).count(), kinds.toString());
        assertEquals("https://example.com/1", timeline.getString(
                "data.find { it.event == 'clicked' && it.metadata.classification == 'human' }.metadata.url"));
    }
}
