package org.mintpost.webhook;

import static io.restassured.RestAssured.given;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.RouteChanged;
import org.mintpost.contracts.kafka.JsonSerializer;
import org.mintpost.contracts.token.Permissions;
import org.mintpost.testing.JwtKeys;
import org.mintpost.testing.KafkaBroker;

import io.restassured.specification.RequestSpecification;

/** Real events onto the real test broker, and callers with internal JWTs as the edge signs them. */
public final class WebhookTestSupport {

    public static final String DATABASE = "mintpost_webhooks_test";
    public static final List<String> ALL = List.of(Permissions.WEBHOOKS_READ, Permissions.WEBHOOKS_MANAGE,
            Permissions.WEBHOOKS_DELETE, Permissions.WEBHOOKS_ROTATE_SECRET);

    private static KafkaProducer<String, Object> producer;

    private WebhookTestSupport() {
    }

    public static String id() {
        return UUID.randomUUID().toString();
    }

    public static synchronized KafkaProducer<String, Object> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            producer = new KafkaProducer<>(props, new StringSerializer(), new JsonSerializer<>());
        }
        return producer;
    }

    /** A caller of {@code team} holding {@code permissions}. */
    public static RequestSpecification as(String team, List<String> permissions) {
        String jwt = JwtKeys.shared().teamCaller(team, id(), Set.copyOf(permissions));
        return given().header("Authorization", "Bearer " + jwt).contentType("application/json");
    }

    public static RequestSpecification as(String team) {
        return as(team, ALL);
    }

    /** Publishes a live route of {@code team}/{@code project} as token-service would. */
    public static void route(String routeId, String team, String project, boolean isDefault) throws Exception {
        RouteChanged change = new RouteChanged(id(), Instant.now(), RouteChanged.SCHEMA_VERSION,
                RouteChanged.CHANGE_CREATED, routeId, team, project, "outgoing", "Outgoing",
                RouteChanged.TYPE_TRANSACTIONAL, isDefault, null, RouteChanged.STATUS_ACTIVE, 1, "system");
        producer().send(new ProducerRecord<>(Topics.ROUTE_CHANGES, routeId, change)).get();
    }

    /** Publishes delivery events in order (one message: one key, one partition). */
    public static void events(DeliveryEvent... events) throws Exception {
        for (DeliveryEvent e : events) {
            producer().send(new ProducerRecord<>(Topics.DELIVERY_EVENTS, e.messageId(), e)).get();
        }
    }

    public static DeliveryEvent event(String messageId, String team, String project, String routeId, String status,
            Integer smtpCode) {
        return new DeliveryEvent(id(), Instant.now(), DeliveryEvent.SCHEMA_VERSION, messageId, team, project,
                DeliveryEvent.QUEUED.equals(status) || DeliveryEvent.PROCESSED.equals(status) ? null
                        : "bob@example.org",
                status, smtpCode, smtpCode == null ? null : smtpCode + " ok", 1, "alice@example.com",
                List.of("bob@example.org"), "Hello", "welcome", Instant.now(), routeId, Map.of("order", "42"), null);
    }

    /** Creates a webhook on the route; returns the API's answer body as a map. */
    public static Map<String, Object> create(String team, String routeId, String url, List<String> events) {
        return as(team).body(Map.of("route_id", routeId, "name", "hook", "url", url, "events", events))
                .post("/v1/webhooks").then().statusCode(201).extract().jsonPath().getMap("data");
    }
}
