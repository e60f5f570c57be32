package org.mintpost.token;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.kafka.EventJson;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.PostgresResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * {@code ProjectData.last_28_days} and {@code ProjectListData.last_28_days} from {@code delivery-events}: messages
 * split by their route's type, deliverability from delivered and bounced recipients; an event read twice counts
 * once, an event older than 28 days and another project's events do not count.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "mintpost_tokens_test"))
@QuarkusTestResource(TestKafka.class)
@QuarkusTestResource(JwtKeysResource.class)
class ProjectLast28DaysTest {

    @Test
    void theLast28DaysOfAProject() throws Exception {
        TestApi api = TestApi.newTeam();
        String project = api.newProject("Counted").get("id");
        String other = api.newProject("Other").get("id");
        JsonPath data = api.request().get("/v1/projects/" + project).then().statusCode(200)
                .body("last_28_days.messages_transactional", equalTo(0))
                .body("last_28_days.deliverability", equalTo(0)).extract().jsonPath();
        String transactional = data.getString("routes.find { it.route_type == 'transactional' }.id");
        String broadcast = data.getString("routes.find { it.route_type == 'broadcast' }.id");
        Instant now = Instant.now();
        DeliveryEvent twice = event(api.teamId, project, transactional, DeliveryEvent.QUEUED, now);
        List<DeliveryEvent> events = List.of(
                twice, twice,
                event(api.teamId, project, transactional, DeliveryEvent.QUEUED, now),
                event(api.teamId, project, null, DeliveryEvent.QUEUED, now),
                event(api.teamId, project, broadcast, DeliveryEvent.QUEUED, now),
                event(api.teamId, project, transactional, DeliveryEvent.DELIVERED, now),
                event(api.teamId, project, transactional, DeliveryEvent.DELIVERED, now),
                event(api.teamId, project, broadcast, DeliveryEvent.HARD_BOUNCED, now),
                event(api.teamId, project, transactional, DeliveryEvent.OPENED, now),
                event(api.teamId, project, transactional, DeliveryEvent.QUEUED, now.minus(Duration.ofDays(29))),
                event(api.teamId, other, null, DeliveryEvent.QUEUED, now));
        try (KafkaProducer<String, byte[]> producer = LastUsedTest.producer()) {
            for (DeliveryEvent e : events) {
                producer.send(new ProducerRecord<>(Topics.DELIVERY_EVENTS, e.messageId(),
                        EventJson.MAPPER.writeValueAsBytes(e))).get();
            }
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> api.request().get("/v1/projects/" + project)
                .then().statusCode(200)
                .body("last_28_days", equalTo(Map.of("messages_transactional", 3, "messages_broadcast", 1,
                        "messages_inbound", 0, "deliverability", 67))));
        api.request().get("/v1/projects").then().statusCode(200)
                .body("data.find { it.id == '" + project + "' }.last_28_days.messages_transactional", equalTo(3))
                .body("data.find { it.id == '" + other + "' }.last_28_days.messages_transactional", equalTo(1))
                .body("data.last_28_days.messages_broadcast", hasItem(1));
    }

    private static DeliveryEvent event(String team, String project, String route, String status, Instant at) {
        String message = UUID.randomUUID().toString();
        return new DeliveryEvent(UUID.randomUUID().toString(), at, DeliveryEvent.SCHEMA_VERSION, message, team,
                project, DeliveryEvent.QUEUED.equals(status) ? null : "a@example.org", status, null, null, 1,
                "shop@example.com", List.of("a@example.org"), "Hi", null, at, route, Map.of(), Map.of());
    }
}
