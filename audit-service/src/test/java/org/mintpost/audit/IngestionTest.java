package org.mintpost.audit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mintpost.audit.AuditTestSupport.accepted;
import static org.mintpost.audit.AuditTestSupport.changed;
import static org.mintpost.audit.AuditTestSupport.count;
import static org.mintpost.audit.AuditTestSupport.delivery;
import static org.mintpost.audit.AuditTestSupport.id;
import static org.mintpost.audit.AuditTestSupport.jwt;
import static org.mintpost.audit.AuditTestSupport.now;
import static org.mintpost.audit.AuditTestSupport.send;
import static org.mintpost.audit.AuditTestSupport.sendRaw;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.contracts.event.TokenUsed;
import org.mintpost.contracts.token.Permissions;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.KafkaBroker;
import org.mintpost.testing.KafkaResource;
import org.mintpost.testing.PostgresResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** The consumers against the real broker and database: idempotence, batching, bad records, offsets. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database",
        value = AuditTestSupport.DATABASE))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(JwtKeysResource.class)
class IngestionTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static long logRows(String tokenId) {
        return count("SELECT count(*) FROM audit.token_log WHERE token_id = ?", tokenId);
    }

    private static void awaitLogRows(String tokenId, long expected) {
        await().atMost(WAIT).untilAsserted(() -> assertEquals(expected, logRows(tokenId)));
    }

    private static double metric(String name, String... labels) {
        String body = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        double total = 0;
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)\\} ([0-9.Ee+-]+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(body);
        while (m.find()) {
            boolean all = true;
            for (String label : labels) {
                all &= m.group(1).contains(label);
            }
            if (all) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }

    @Test
    void redeliveredEventsChangeNothing() {
        String team = id();
        String project = id();
        String token = id();
        TokenChanged created = changed(token, team, project, TokenChanged.CHANGE_CREATED, 1, now().minusSeconds(5),
                "system");
        TokenUsed use = accepted(token, team, project, now().minusSeconds(4));
        double duplicatesAtStart = metric("audit_events_duplicate_total", "topic=\"token-usage\"");
        send(Topics.TOKEN_CHANGES, created);
        // the same use three times in one batch: one row, two duplicates
        send(Topics.TOKEN_USAGE, use, use, use);
        awaitLogRows(token, 2);
        await().atMost(WAIT).untilAsserted(() -> assertTrue(
                metric("audit_events_duplicate_total", "topic=\"token-usage\"") >= duplicatesAtStart + 2));
        double duplicatesBefore = metric("audit_events_duplicate_total", "topic=\"token-usage\"");

        // redelivered later, in one or two other batches (either way two duplicates), then a marker so we
        // know they were consumed
        send(Topics.TOKEN_CHANGES, created);
        send(Topics.TOKEN_USAGE, use);
        TokenUsed marker = accepted(token, team, project, now());
        send(Topics.TOKEN_USAGE, use, marker);
        awaitLogRows(token, 3);
        assertEquals(1, count("SELECT count(*) FROM audit.token_log WHERE event_id = ?", use.eventId()));
        assertEquals(1, count("SELECT count(*) FROM audit.token_log WHERE event_id = ?", created.eventId()));
        await().atMost(WAIT).untilAsserted(() -> assertTrue(
                metric("audit_events_duplicate_total", "topic=\"token-usage\"") >= duplicatesBefore + 2));

        String messageId = id();
        DeliveryEvent delivered = delivery(messageId, team, project, DeliveryEvent.DELIVERED, 1, now(), 250, "ok");
        send(Topics.DELIVERY_EVENTS, delivered, delivered);
        send(Topics.DELIVERY_EVENTS, delivered);
        DeliveryEvent markerEvent = delivery(messageId, team, project, DeliveryEvent.DELIVERED, 2, now(), 250, "ok");
        send(Topics.DELIVERY_EVENTS, markerEvent);
        await().atMost(WAIT).untilAsserted(() -> assertEquals(2,
                count("SELECT count(*) FROM audit.delivery_event WHERE message_id = ?", messageId)));
        assertEquals(1, count("SELECT count(*) FROM audit.delivery_event WHERE event_id = ?", delivered.eventId()));

        given().header("Authorization", "Bearer " + jwt(team, Permissions.PROJECT_TOKENS_READ))
                .when().get("/v1/projects/" + project + "/tokens/" + token + "/logs")
                .then().statusCode(200)
                .body("data.size()", equalTo(3));
    }

    @Test
    void eventsAreStoredInBatchesNotOneByOne() {
        String team = id();
        String project = id();
        String token = id();
        double batchesBefore = metric("audit_batches_total", "topic=\"token-usage\"");
        double storedBefore = metric("audit_events_stored_total", "topic=\"token-usage\"");
        List<TokenUsed> uses = new ArrayList<>();
        Instant t0 = now().minusSeconds(1000);
        for (int i = 0; i < 600; i++) {
            uses.add(accepted(token, team, project, t0.plusMillis(i)));
        }
        send(Topics.TOKEN_USAGE, uses);
        awaitLogRows(token, 600);
        await().atMost(WAIT).untilAsserted(() -> assertTrue(
                metric("audit_events_stored_total", "topic=\"token-usage\"") >= storedBefore + 600));
        double batches = metric("audit_batches_total", "topic=\"token-usage\"") - batchesBefore;
        assertTrue(batches >= 1 && batches <= 100, "600 events took " + batches + " insert batches");
        assertTrue(metric("audit_batch_store_seconds_count", "topic=\"token-usage\"") >= batches);
    }

    @Test
    void unreadableRecordsAndTombstonesArePassedOver() {
        String team = id();
        String project = id();
        String token = id();
        double skippedBefore = metric("audit_events_skipped_total", "reason=\"unreadable\"");
        sendRaw(Topics.TOKEN_USAGE, token, "{not json".getBytes(StandardCharsets.UTF_8));
        sendRaw(Topics.TOKEN_USAGE, token, "{\"event_id\": {\"nested\": 1}, \"occurred_at\": 7}"
                .getBytes(StandardCharsets.UTF_8));
        sendRaw(Topics.TOKEN_CHANGES, token, null);
        sendRaw(Topics.DELIVERY_EVENTS, token, "[]".getBytes(StandardCharsets.UTF_8));
        // valid JSON, but nothing to key on: counted as invalid, not stored, not blocking
        send(Topics.TOKEN_USAGE, new TokenUsed(null, now(), 1, token, "project", null, team, project, null, null,
                "api", "POST /v1/send", "accepted", null, List.of()));
        send(Topics.TOKEN_USAGE, new TokenUsed(id(), now(), 1, token, "project", null, team, project, "1.2.3.4",
                "agent\u0000with nul", "api", "POST /v1/send", "accepted", null, List.of()));
        send(Topics.TOKEN_CHANGES, changed(token, team, project, TokenChanged.CHANGE_CREATED, 1, now(), "system"));
        awaitLogRows(token, 2);
        await().atMost(WAIT).untilAsserted(() -> assertTrue(
                metric("audit_events_skipped_total", "reason=\"unreadable\"") >= skippedBefore + 4));
        assertEquals(1, count("SELECT count(*) FROM audit.token_log WHERE token_id = ? AND user_agent = ?", token,
                "agentwith nul"));
    }

    @Test
    void eventsPastRetentionAreNotStoredButOwnershipStillCounts() {
        String team = id();
        String project = id();
        String token = id();
        Instant longAgo = now().minus(Duration.ofDays(200));
        send(Topics.TOKEN_CHANGES, changed(token, team, project, TokenChanged.CHANGE_CREATED, 1, longAgo, "system"));
        send(Topics.TOKEN_USAGE, accepted(token, team, project, longAgo.plusSeconds(1)));
        TokenUsed recent = accepted(token, team, project, now());
        send(Topics.TOKEN_USAGE, recent);
        awaitLogRows(token, 1);
        assertEquals(1, count("SELECT count(*) FROM audit.token_log WHERE event_id = ?", recent.eventId()));
        await().atMost(WAIT).untilAsserted(() -> assertEquals(1,
                count("SELECT count(*) FROM audit.token_owner WHERE token_id = ? AND revision = 1", token)));
        assertEquals(0, count("SELECT count(*) FROM audit.token_log WHERE token_id = ? AND channel = 'lifecycle'",
                token));
    }

    @Test
    void outOfOrderTokenChangesKeepTheNewestOwner() {
        String team = id();
        String otherTeam = id();
        String project = id();
        String token = id();
        Instant t0 = now().minusSeconds(60);
        // revision 2 arrives before revision 1 (e.g. a replay after compaction): revision 2 stays the owner
        send(Topics.TOKEN_CHANGES,
                changed(token, team, project, TokenChanged.CHANGE_REVOKED, 2, t0.plusSeconds(10), "team_token:a"),
                changed(token, otherTeam, id(), TokenChanged.CHANGE_CREATED, 1, t0, "team_token:b"));
        awaitLogRows(token, 2);
        await().atMost(WAIT).untilAsserted(() -> assertEquals(1, count(
                "SELECT count(*) FROM audit.token_owner WHERE token_id = ? AND team_id = ? AND revision = 2", token,
                team)));
        given().header("Authorization", "Bearer " + jwt(team, Permissions.PROJECT_TOKENS_READ))
                .when().get("/v1/projects/" + project + "/tokens/" + token + "/logs")
                .then().statusCode(200).body("data.outcome", contains("revoked", "created"));
        given().header("Authorization", "Bearer " + jwt(otherTeam, Permissions.PROJECT_TOKENS_READ))
                .when().get("/v1/projects/" + project + "/tokens/" + token + "/logs")
                .then().statusCode(404);
    }

    @Test
    void aBatchTheDatabaseRefusesIsRetriedUntilItIsStored() throws Exception {
        String messageId = id();
        double failuresBefore = metric("audit_store_failures_total", "topic=\"delivery-events\"");
        try (Connection c = AuditTestSupport.db(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE audit.delivery_event RENAME TO delivery_event_parked");
            try {
                send(Topics.DELIVERY_EVENTS, delivery(messageId, id(), id(), DeliveryEvent.DELIVERED, 1, now(), 250,
                        "ok"));
                await().atMost(WAIT).untilAsserted(() -> assertTrue(
                        metric("audit_store_failures_total", "topic=\"delivery-events\"") >= failuresBefore + 2,
                        "the insert failed and was tried again"));
            } finally {
                s.execute("ALTER TABLE audit.delivery_event_parked RENAME TO delivery_event");
            }
        }
        await().atMost(WAIT).untilAsserted(() -> assertEquals(1,
                count("SELECT count(*) FROM audit.delivery_event WHERE message_id = ?", messageId)));
    }

    @Test
    void offsetsAreCommittedOnceStored() throws Exception {
        String messageId = id();
        send(Topics.DELIVERY_EVENTS, delivery(messageId, id(), id(), DeliveryEvent.DELIVERED, 1, now(), 250, "ok"));
        await().atMost(WAIT).untilAsserted(() -> assertEquals(1,
                count("SELECT count(*) FROM audit.delivery_event WHERE message_id = ?", messageId)));
        try (Admin admin = KafkaBroker.shared().admin()) {
            await().atMost(WAIT).untilAsserted(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin
                        .listConsumerGroupOffsets("audit-service").partitionsToOffsetAndMetadata().get();
                int partitions = admin.describeTopics(List.of(Topics.DELIVERY_EVENTS)).allTopicNames().get()
                        .get(Topics.DELIVERY_EVENTS).partitions().size();
                for (int p = 0; p < partitions; p++) {
                    TopicPartition tp = new TopicPartition(Topics.DELIVERY_EVENTS, p);
                    long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
                    OffsetAndMetadata c = committed.get(tp);
                    assertEquals(end, c == null ? 0 : c.offset(), "committed offset of " + tp);
                }
            });
        }
    }
}
