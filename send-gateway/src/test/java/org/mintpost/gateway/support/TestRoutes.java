package org.mintpost.gateway.support;

import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.RouteChanged;
import org.mintpost.contracts.kafka.JsonSerializer;
import org.mintpost.testing.KafkaBroker;

/** Makes routes the way token-service does: by publishing their state on {@code route-changes}. */
public final class TestRoutes {

    private static final AtomicLong REVISION = new AtomicLong(System.currentTimeMillis());
    private static KafkaProducer<String, RouteChanged> producer;

    private TestRoutes() {
    }

    /** Publishes a live route of the project (acknowledged by the broker before returning). */
    public static RouteChanged publish(String projectId, String slug, boolean isDefault) {
        RouteChanged state = new RouteChanged(UUID.randomUUID().toString(), Instant.now(),
                RouteChanged.SCHEMA_VERSION, RouteChanged.CHANGE_CREATED, UUID.randomUUID().toString(), "team-1",
                projectId, slug, slug, RouteChanged.TYPE_TRANSACTIONAL, isDefault, null, RouteChanged.STATUS_ACTIVE,
                REVISION.incrementAndGet(), "team_token:test");
        send(state);
        return state;
    }

    /** A live route of the project of that type and settings (acknowledged by the broker before returning). */
    public static RouteChanged publish(String projectId, String slug, String type, RouteChanged.Settings settings) {
        RouteChanged state = new RouteChanged(UUID.randomUUID().toString(), Instant.now(),
                RouteChanged.SCHEMA_VERSION, RouteChanged.CHANGE_CREATED, UUID.randomUUID().toString(), "team-1",
                projectId, slug, slug, type, false, settings, RouteChanged.STATUS_ACTIVE, REVISION.incrementAndGet(),
                "team_token:test");
        send(state);
        return state;
    }

    /** A default route whose project has these message settings ({@code delivery_mode}, redaction). */
    public static RouteChanged publish(String projectId, String slug, RouteChanged.ProjectSettings project) {
        RouteChanged state = new RouteChanged(UUID.randomUUID().toString(), Instant.now(),
                RouteChanged.SCHEMA_VERSION, RouteChanged.CHANGE_CREATED, UUID.randomUUID().toString(), "team-1",
                projectId, slug, slug, RouteChanged.TYPE_TRANSACTIONAL, true, null, RouteChanged.STATUS_ACTIVE,
                REVISION.incrementAndGet(), "team_token:test", project);
        send(state);
        return state;
    }

    /** The same route again, its project's message settings changed (as token-service republishes them). */
    public static RouteChanged republish(RouteChanged route, RouteChanged.ProjectSettings project) {
        RouteChanged state = new RouteChanged(UUID.randomUUID().toString(), Instant.now(),
                RouteChanged.SCHEMA_VERSION, RouteChanged.CHANGE_UPDATED, route.routeId(), route.teamId(),
                route.projectId(), route.slug(), route.name(), route.routeType(), route.isDefault(), route.settings(),
                RouteChanged.STATUS_ACTIVE, REVISION.incrementAndGet(), "team_token:test", project);
        send(state);
        return state;
    }

    /** The same route, deleted. */
    public static void delete(RouteChanged route) {
        send(new RouteChanged(UUID.randomUUID().toString(), Instant.now(), RouteChanged.SCHEMA_VERSION,
                RouteChanged.CHANGE_DELETED, route.routeId(), route.teamId(), route.projectId(), route.slug(),
                route.name(), route.routeType(), false, null, RouteChanged.STATUS_DELETED, REVISION.incrementAndGet(),
                "team_token:test"));
    }

    private static synchronized void send(RouteChanged state) {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(props, new StringSerializer(), new JsonSerializer<>());
        }
        try {
            producer.send(new ProducerRecord<>(Topics.ROUTE_CHANGES, state.routeId(), state)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
