package org.mintpost.audit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mintpost.audit.AuditTestSupport.id;
import static org.mintpost.audit.AuditTestSupport.jwt;
import static org.mintpost.audit.AuditTestSupport.now;
import static org.mintpost.audit.AuditTestSupport.send;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.MessageCommand;
import org.mintpost.contracts.kafka.MessageCommandDeserializer;
import org.mintpost.contracts.token.Permissions;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.KafkaBroker;
import org.mintpost.testing.KafkaResource;
import org.mintpost.testing.PostgresResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** {@code messages.cancel} and {@code messages.reschedule}: the command on {@code message-commands}, the read model, bad input. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database",
        value = AuditTestSupport.DATABASE))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(JwtKeysResource.class)
class ScheduleApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Map<String, List<MessageCommand>> COMMANDS = new ConcurrentHashMap<>();
    private static volatile boolean closed;
    private static Thread reader;

    @BeforeAll
    static void readCommands() {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, MessageCommand> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new MessageCommandDeserializer());
        consumer.subscribe(List.of(Topics.MESSAGE_COMMANDS));
        reader = new Thread(() -> {
            try (consumer) {
                while (!closed) {
                    for (ConsumerRecord<String, MessageCommand> r : consumer.poll(Duration.ofMillis(100))) {
                        COMMANDS.computeIfAbsent(r.key(), k -> new CopyOnWriteArrayList<>()).add(r.value());
                    }
                }
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        closed = true;
        reader.join(5000);
    }

    private static RequestSpecification as(String team, String... permissions) {
        return given().header("Authorization", "Bearer " + jwt(team, permissions));
    }

    private static RequestSpecification sender(String team) {
        return as(team, Permissions.MESSAGES_READ, Permissions.MESSAGES_SEND);
    }

    /** A message the worker took in and parked until {@code at}, as its events say. */
    private static String scheduledMessage(String team, Instant at) {
        String messageId = id();
        Instant t = now().minusSeconds(1);
        Map<String, String> data = Map.of("scheduled_at", at.toString());
        DeliveryEvent queued = new DeliveryEvent(id(), t, 1, messageId, team, "p-1", null, DeliveryEvent.QUEUED,
                null, null, 0, "Sender <s@example.test>", List.of("r@example.test"), "Later", null, t, null, null,
                null);
        DeliveryEvent scheduled = new DeliveryEvent(id(), t.plusMillis(1), 1, messageId, team, "p-1",
                "r@example.test", DeliveryEvent.SCHEDULED, null, null, 0, "Sender <s@example.test>",
                List.of("r@example.test"), "Later", null, t, null, null, data);
        send(Topics.DELIVERY_EVENTS, queued, scheduled);
        await().atMost(WAIT).until(() -> "scheduled".equals(status(team, messageId)));
        return messageId;
    }

    private static String status(String team, String messageId) {
        var r = as(team, Permissions.MESSAGES_READ).get("/v1/messages/" + messageId);
        return r.statusCode() == 200 ? r.jsonPath().getString("status") : null;
    }

    private static List<String> timeline(String team, String messageId) {
        return as(team, Permissions.MESSAGES_READ).get("/v1/messages/" + messageId + "/events").then()
                .statusCode(200).extract().jsonPath().getList("data.event");
    }

    @Test
    void cancelPublishesTheCommandAndTheMessageIsCanceledAtOnce() {
        String team = id();
        Instant at = now().plusSeconds(600).truncatedTo(ChronoUnit.SECONDS);
        String messageId = scheduledMessage(team, at);

        sender(team).post("/v1/messages/" + messageId + "/cancel").then().statusCode(200)
                .body("message_id", equalTo(messageId)).body("status", equalTo("canceled"));
        assertEquals("canceled", status(team, messageId));
        assertTrue(timeline(team, messageId).contains("canceled"), timeline(team, messageId).toString());

        await().atMost(WAIT).until(() -> COMMANDS.containsKey(messageId));
        MessageCommand command = COMMANDS.get(messageId).get(0);
        assertEquals(MessageCommand.CANCEL, command.command());
        assertEquals(team, command.teamId());
        assertEquals(at, command.scheduledAt());
        assertEquals(DeliveryEvent.CANCELED, command.events().get(0).status());

        // the worker's copy of the event (same id) changes nothing
        send(Topics.DELIVERY_EVENTS, command.events().get(0));
        await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).until(() -> "canceled".equals(status(team, messageId)));
        assertEquals(1, timeline(team, messageId).stream().filter("canceled"::equals).count());

        sender(team).post("/v1/messages/" + messageId + "/cancel").then().statusCode(422)
                .body("error", equalTo("validation_error")).body("errors", hasKey("status"));
        sender(team).contentType("application/json").body(Map.of("scheduled_at", at.plusSeconds(60).toString()))
                .patch("/v1/messages/" + messageId).then().statusCode(422).body("errors", hasKey("status"));
    }

    @Test
    void rescheduleMovesTheMessageAndKeepsItScheduled() {
        String team = id();
        String messageId = scheduledMessage(team, now().plusSeconds(600));
        Instant later = now().plusSeconds(3600).truncatedTo(ChronoUnit.SECONDS);

        JsonPath answer = sender(team).contentType("application/json")
                .body(Map.of("scheduled_at", later.toString())).patch("/v1/messages/" + messageId).then()
                .statusCode(200).body("message_id", equalTo(messageId)).body("status", equalTo("scheduled"))
                .extract().jsonPath();
        assertEquals(later, Instant.parse(answer.getString("scheduled_at")));
        JsonPath m = as(team, Permissions.MESSAGES_READ).get("/v1/messages/" + messageId).then().statusCode(200)
                .extract().jsonPath();
        assertEquals("scheduled", m.getString("status"));
        assertEquals(later, Instant.parse(m.getString("scheduled_at")));
        assertTrue(timeline(team, messageId).contains("rescheduled"), timeline(team, messageId).toString());

        await().atMost(WAIT).until(() -> COMMANDS.containsKey(messageId));
        MessageCommand command = COMMANDS.get(messageId).get(0);
        assertEquals(MessageCommand.RESCHEDULE, command.command());
        assertEquals(later, command.scheduledAt());
    }

    @Test
    void badInputIsA4xxNamingTheField() {
        String team = id();
        String messageId = scheduledMessage(team, now().plusSeconds(600));
        String path = "/v1/messages/" + messageId;
        for (Object bad : List.of(Map.of(), Map.of("scheduled_at", 5), Map.of("scheduled_at", "someday at 9am"),
                Map.of("scheduled_at", now().minusSeconds(60).toString()),
                Map.of("scheduled_at", now().plusSeconds(1).toString()),
                Map.of("scheduled_at", now().plus(Duration.ofDays(400)).toString()), List.of("x"))) {
            sender(team).contentType("application/json").body(bad).patch(path).then().statusCode(422)
                    .body("error", equalTo("validation_error")).body("errors.scheduled_at[0]", notNullValue());
        }
        sender(team).contentType("application/json").body("{not json").patch(path).then().statusCode(400)
                .body("error", equalTo("invalid_json"));
        sender(team).post("/v1/messages/" + id() + "/cancel").then().statusCode(404);
        sender(id()).post(path + "/cancel").then().statusCode(404);
        as(team, Permissions.MESSAGES_READ).post(path + "/cancel").then().statusCode(403);
        assertEquals("scheduled", status(team, messageId));
        assertTrue(!COMMANDS.containsKey(messageId), "a refused request published a command");
    }

    @Test
    void aMessageDueWithinTheCutoffOrAlreadySentCannotBeChanged() {
        String team = id();
        String soon = scheduledMessage(team, now().plusSeconds(2));
        sender(team).post("/v1/messages/" + soon + "/cancel").then().statusCode(422)
                .body("errors", hasKey("scheduled_at"));

        String sent = id();
        send(Topics.DELIVERY_EVENTS, AuditTestSupport.delivery(sent, team, "p-1", DeliveryEvent.DELIVERED, 1, now(),
                250, "2.0.0 Ok"));
        await().atMost(WAIT).until(() -> "delivered".equals(status(team, sent)));
        sender(team).post("/v1/messages/" + sent + "/cancel").then().statusCode(422)
                .body("errors.status[0]", notNullValue());
    }
}
