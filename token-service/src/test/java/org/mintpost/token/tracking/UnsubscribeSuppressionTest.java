package org.mintpost.token.tracking;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.kafka.EventJson;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.KafkaBroker;
import org.mintpost.testing.PostgresResource;
import org.mintpost.token.TestApi;
import org.mintpost.token.TestKafka;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * An {@code unsubscribed} on {@code delivery-events} (the edge's one-click or hosted unsubscribe) adds an
 * {@code unsubscribe} entry at the scope of the message's route, once however often it comes.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "mintpost_tokens_test"))
@QuarkusTestResource(TestKafka.class)
@QuarkusTestResource(JwtKeysResource.class)
class UnsubscribeSuppressionTest {

    @Test
    void anUnsubscribeSuppressesTheRecipientOnTheMessagesRouteOnce() throws Exception {
        TestApi api = TestApi.newTeam();
        JsonPath project = api.createProject(Map.of("name", "News")).statusCode(201).extract().jsonPath();
        String projectId = project.getString("data.id");
        String routeId = project.getString("data.routes.find { it.slug == 'broadcast' }.id");
        String messageId = UUID.randomUUID().toString();
        DeliveryEvent unsubscribed = new DeliveryEvent(UUID.randomUUID().toString(), Instant.now(),
                DeliveryEvent.SCHEMA_VERSION, messageId, api.teamId.toString(), projectId, "reader@example.org",
                DeliveryEvent.UNSUBSCRIBED, null, null, 0, null, null, null, null, null, routeId, null, Map.of());
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int copy = 0; copy < 2; copy++) {
                producer.send(new ProducerRecord<>(Topics.DELIVERY_EVENTS, messageId,
                        EventJson.MAPPER.writeValueAsBytes(unsubscribed.withEventId(UUID.randomUUID().toString()))))
                        .get();
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> api.request()
                .get("/v1/suppressions").then().statusCode(200)
                .body("data.value", equalTo(List.of("reader@example.org"))));
        Thread.sleep(500);
        JsonPath listed = api.request().get("/v1/suppressions").then().extract().jsonPath();
        assertEquals(List.of("reader@example.org"), listed.getList("data.value"));
        assertEquals("unsubscribe", listed.getString("data[0].reason"));
        assertEquals("route", listed.getString("data[0].scope"));
        assertEquals(routeId, listed.getString("data[0].route_id"));
    }
}
