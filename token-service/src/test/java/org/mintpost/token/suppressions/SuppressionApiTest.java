package org.mintpost.token.suppressions;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.SuppressionChanged;
import org.mintpost.contracts.kafka.EventJson;
import org.mintpost.contracts.kafka.SuppressionChangedDeserializer;
import org.mintpost.contracts.token.Permissions;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.KafkaBroker;
import org.mintpost.testing.PostgresResource;
import org.mintpost.token.ChangesReader;
import org.mintpost.token.TestApi;
import org.mintpost.token.TestKafka;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The SDK's {@code suppressions} surface: add (one, many, domain and extension entries, equal ones skipped), list
 * with Lettermint's filters and cursor pages, remove; bad input as 422/404; each change on
 * {@code suppression-changes}; a {@code hard_bounced} or {@code spam_complaint} on {@code delivery-events} adds a
 * project entry with its source message, once however often it is read; a batch of outcomes adds its entries
 * once and passes over what can be no entry without failing the rest.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "mintpost_tokens_test"))
@QuarkusTestResource(TestKafka.class)
@QuarkusTestResource(JwtKeysResource.class)
class SuppressionApiTest {

    @Test
    void addListPageAndRemoveWithEveryChangePublished() {
        TestApi api = TestApi.newTeam();
        String projectId = api.newProject("Suppressing").get("id");
        try (ChangesReader<SuppressionChanged> changes = new ChangesReader<>(Topics.SUPPRESSION_CHANGES,
                SuppressionChangedDeserializer.class)) {
            JsonPath one = api.request().body(Map.of("email", " Alice@Example.ORG ", "reason", "manual",
                    "scope", "project", "project_id", projectId)).post("/v1/suppressions")
                    .then().statusCode(201).extract().jsonPath();
            assertEquals("1 email added to the suppression list.", one.getString("message"));
            assertEquals(List.of("Alice@Example.ORG"), one.getList("data.created"));
            JsonPath many = api.request().body(Map.of("emails", List.of("alice@example.org", "bob@example.org",
                    "@spam.example", ".test"), "reason", "unsubscribe", "scope", "team"))
                    .post("/v1/suppressions").then().statusCode(201).extract().jsonPath();
            assertEquals(4, many.getList("data.created").size(), "team scope differs from project scope");
            JsonPath again = api.request().body(Map.of("emails", List.of("ALICE@example.org"), "reason", "manual",
                    "scope", "project", "project_id", projectId)).post("/v1/suppressions")
                    .then().statusCode(201).extract().jsonPath();
            assertEquals("No emails were added.", again.getString("message"));
            assertEquals(List.of("ALICE@example.org"), again.getList("data.skipped"));

            JsonPath all = api.request().get("/v1/suppressions").then().statusCode(200)
                    .body("data", hasSize(5)).body("per_page", equalTo(30)).body("next_cursor", nullValue())
                    .body("prev_cursor", nullValue()).body("path", notNullValue()).extract().jsonPath();
            Map<String, Object> alice = all.getMap("data.find { it.scope == 'project' }");
            assertEquals("email", alice.get("type"));
            assertEquals("alice@example.org", alice.get("value"));
            assertEquals("manual", alice.get("reason"));
            assertEquals(projectId, alice.get("project_id"));
            assertTrue(alice.containsKey("route_id") && alice.get("route_id") == null);
            assertEquals(Set.of("email", "domain", "extension"), new HashSet<>(all.getList("data.type")));
            // made in one request, the two share their created_at: sorted by value for a stable order
            api.request().get("/v1/suppressions?filter[scope]=team&filter[value]=example.org&sort=value").then()
                    .statusCode(200).body("data.value", equalTo(List.of("alice@example.org", "bob@example.org")));
            api.request().get("/v1/suppressions?filter[project_id]=" + projectId).then().body("data", hasSize(1));
            api.request().get("/v1/suppressions?filter[reason]=unsubscribe&sort=value").then()
                    .body("data.value", equalTo(List.of(".test", "alice@example.org", "bob@example.org",
                            "spam.example")));

            // cursor pages, forward then back
            JsonPath first = api.request().get("/v1/suppressions?page[size]=2&sort=value").then().statusCode(200)
                    .body("data", hasSize(2)).extract().jsonPath();
            List<Object> seen = new ArrayList<>(first.getList("data.value"));
            String next = first.getString("next_cursor");
            JsonPath second = api.request().queryParam("page[cursor]", next)
                    .get("/v1/suppressions?page[size]=2&sort=value").then().statusCode(200).extract().jsonPath();
            seen.addAll(second.getList("data.value"));
            JsonPath third = api.request().queryParam("page[cursor]", second.getString("next_cursor"))
                    .get("/v1/suppressions?page[size]=2&sort=value").then().statusCode(200).extract().jsonPath();
            seen.addAll(third.getList("data.value"));
            assertNull(third.getString("next_cursor"));
            assertEquals(List.of(".test", "alice@example.org", "alice@example.org", "bob@example.org",
                    "spam.example"), seen);
            api.request().queryParam("page[cursor]", second.getString("prev_cursor"))
                    .get("/v1/suppressions?page[size]=2&sort=value").then().statusCode(200)
                    .body("data.value", equalTo(first.getList("data.value")));

            String id = (String) alice.get("id");
            SuppressionChanged created = changes.await(c -> c.suppressionId().equals(id), Duration.ofSeconds(10))
                    .value();
            assertEquals(api.teamId, created.teamId());
            assertEquals("project", created.scope());
            assertEquals("alice@example.org", created.value());
            api.request().delete("/v1/suppressions/" + id).then().statusCode(200)
                    .body("success", equalTo(true)).body("status", equalTo("removed"))
                    .body("message", notNullValue());
            SuppressionChanged deleted = changes.await(c -> c.suppressionId().equals(id) && c.isDeleted(),
                    Duration.ofSeconds(10)).value();
            assertTrue(deleted.revision() > created.revision());
            api.request().delete("/v1/suppressions/" + id).then().statusCode(404).body("error", equalTo("not_found"));
            api.request().get("/v1/suppressions").then().body("data", hasSize(4));
        }
    }

    @Test
    void badInputIsA422AndAnotherTeamsThingsAreNotFound() {
        TestApi api = TestApi.newTeam();
        TestApi other = TestApi.newTeam();
        String othersProject = other.newProject("Theirs").get("id");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 1_001; i++) {
            many.add("r" + i + "@example.org");
        }
        api.request().body(Map.of("emails", many, "reason", "manual", "scope", "team")).post("/v1/suppressions")
                .then().statusCode(422).body("error", equalTo("validation_error")).body("errors.emails", notNullValue());
        api.request().body(Map.of("emails", List.of("ok@example.org", "not an address", "a@b"), "reason", "manual",
                "scope", "team")).post("/v1/suppressions").then().statusCode(422)
                .body("errors.'emails.1'", notNullValue()).body("errors.'emails.2'", notNullValue())
                .body("errors.'emails.0'", nullValue());
        api.request().body(Map.of("email", "x@example.org", "reason", "bored", "scope", "galaxy"))
                .post("/v1/suppressions").then().statusCode(422)
                .body("errors.reason", notNullValue()).body("errors.scope", notNullValue());
        api.request().body(Map.of("email", 5, "reason", "manual", "scope", "team")).post("/v1/suppressions")
                .then().statusCode(422).body("errors.email", notNullValue());
        api.request().body(Map.of("reason", "manual", "scope", "team")).post("/v1/suppressions")
                .then().statusCode(422).body("errors.emails", notNullValue());
        api.request().body(Map.of("email", "x@example.org", "reason", "manual", "scope", "route"))
                .post("/v1/suppressions").then().statusCode(422).body("errors.route_id", notNullValue());
        api.request().body(Map.of("email", "x@example.org", "reason", "manual", "scope", "project",
                "project_id", othersProject)).post("/v1/suppressions").then().statusCode(404);
        api.request().body("{\"email\":").post("/v1/suppressions").then().statusCode(400);
        api.request().get("/v1/suppressions?filter[reason]=nope").then().statusCode(422);
        api.request().get("/v1/suppressions?page[cursor]=garbage").then().statusCode(422);
        api.request().delete("/v1/suppressions/" + UUID.randomUUID()).then().statusCode(404);
        api.request().delete("/v1/suppressions/not-an-id").then().statusCode(404);
        // another team's entry is as absent as a missing one
        String theirs = other.request().body(Map.of("email", "t@example.org", "reason", "manual", "scope", "team"))
                .post("/v1/suppressions").then().statusCode(201).extract().path("data.created[0]");
        assertNotNull(theirs);
        String theirId = other.request().get("/v1/suppressions").then().extract().path("data[0].id");
        api.request().delete("/v1/suppressions/" + theirId).then().statusCode(404);
        api.request().get("/v1/suppressions").then().body("data", hasSize(0));
        api.withOnly(Permissions.SUPPRESSIONS_READ).request()
                .body(Map.of("email", "x@example.org", "reason", "manual", "scope", "team"))
                .post("/v1/suppressions").then().statusCode(403);
    }

    /**
     * Lettermint's {@code applies_to}: every suppression here blocks all mail, so {@code all} is accepted and shown,
     * and {@code broadcast} is refused rather than silently blocking transactional mail too.
     */
    @Test
    void appliesToIsAllAndBroadcastOnlyIsRefused() {
        TestApi api = TestApi.newTeam();
        api.request().body(Map.of("email", "news@example.org", "reason", "manual", "scope", "team",
                "applies_to", "broadcast")).post("/v1/suppressions").then().statusCode(422)
                .body("error", equalTo("validation_error")).body("errors.applies_to", notNullValue());
        api.request().body(Map.of("email", "news@example.org", "reason", "manual", "scope", "team",
                "applies_to", 3)).post("/v1/suppressions").then().statusCode(422)
                .body("errors.applies_to", notNullValue());
        api.request().get("/v1/suppressions").then().statusCode(200).body("data", hasSize(0));
        api.request().body(Map.of("email", "all@example.org", "reason", "manual", "scope", "team",
                "applies_to", "all")).post("/v1/suppressions").then().statusCode(201);
        api.request().body(Map.of("email", "plain@example.org", "reason", "manual", "scope", "team"))
                .post("/v1/suppressions").then().statusCode(201);
        api.request().get("/v1/suppressions").then().statusCode(200).body("data", hasSize(2))
                .body("data.applies_to", equalTo(List.of("all", "all")));
    }

    @Test
    void hardBouncesAndComplaintsAddProjectEntriesOnce() throws Exception {
        TestApi api = TestApi.newTeam();
        String projectId = api.newProject("Bounced").get("id");
        String messageId = UUID.randomUUID().toString();
        Instant received = Instant.parse("2026-12-07T10:00:00Z");
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int copy = 0; copy < 2; copy++) {
                send(producer, event(api.teamId, projectId, messageId, "gone@example.org", DeliveryEvent.HARD_BOUNCED,
                        received));
                send(producer, event(api.teamId, projectId, messageId, "fine@example.org", DeliveryEvent.DELIVERED,
                        received));
                send(producer, event(api.teamId, projectId, messageId, "angry@example.org",
                        DeliveryEvent.SPAM_COMPLAINT, received));
                send(producer, event(api.teamId, projectId, messageId, "later@example.org",
                        DeliveryEvent.SOFT_BOUNCED, received));
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> api.request()
                .get("/v1/suppressions?sort=value").then().statusCode(200)
                .body("data.value", equalTo(List.of("angry@example.org", "gone@example.org"))));
        JsonPath listed = api.request().get("/v1/suppressions?sort=value").then().extract().jsonPath();
        assertEquals(List.of("spam_complaint", "hard_bounce"), listed.getList("data.reason"));
        assertEquals(List.of("project", "project"), listed.getList("data.scope"));
        assertEquals(messageId, listed.getString("data[1].source_message.id"));
        assertEquals(true, listed.getBoolean("data[1].source_message.available"));
        assertEquals("Welcome", listed.getString("data[1].source_message.subject"));
        assertEquals(projectId, listed.getString("data[1].project_id"));
    }

    @Test
    void aBatchOfOutcomesAddsItsEntriesOnceAndPassesOverWhatCanBeNone() throws Exception {
        TestApi api = TestApi.newTeam();
        String projectId = api.newProject("Batched").get("id");
        String othersProject = TestApi.newTeam().newProject("Not ours").get("id");
        Instant received = Instant.parse("2026-12-07T10:00:00Z");
        List<DeliveryEvent> events = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            events.add(event(api.teamId, projectId, UUID.randomUUID().toString(), "batch-" + i + "@example.org",
                    DeliveryEvent.HARD_BOUNCED, received));
        }
        String first = events.get(0).messageId();
        // the same address again (another message, then a complaint): the first outcome's entry stays
        events.add(event(api.teamId, projectId, UUID.randomUUID().toString(), "BATCH-0@example.org",
                DeliveryEvent.HARD_BOUNCED, received));
        events.add(event(api.teamId, projectId, UUID.randomUUID().toString(), "batch-1@example.org",
                DeliveryEvent.SPAM_COMPLAINT, received));
        // none of these can be an entry, and none may cost the others theirs
        events.add(event(api.teamId, projectId, UUID.randomUUID().toString(), "not an address",
                DeliveryEvent.HARD_BOUNCED, received));
        events.add(event(api.teamId, projectId, UUID.randomUUID().toString(), "@example.org",
                DeliveryEvent.HARD_BOUNCED, received));
        events.add(event(api.teamId, othersProject, UUID.randomUUID().toString(), "theirs@example.org",
                DeliveryEvent.HARD_BOUNCED, received));
        // a message id no column holds: the entry is added without its source message
        events.add(event(api.teamId, projectId, "m".repeat(80), "long-id@example.org", DeliveryEvent.HARD_BOUNCED,
                received));
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int copy = 0; copy < 2; copy++) {
                List<Future<?>> sent = new ArrayList<>();
                for (DeliveryEvent e : events) {
                    sent.add(producer.send(new ProducerRecord<>(Topics.DELIVERY_EVENTS, e.messageId(),
                            EventJson.MAPPER.writeValueAsBytes(e))));
                }
                for (Future<?> f : sent) {
                    f.get();
                }
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> api.request()
                .get("/v1/suppressions?filter[value]=long-id@example.org").then().statusCode(200)
                .body("data", hasSize(1)));
        Set<String> values = new HashSet<>();
        List<String> reasons = new ArrayList<>();
        String cursor = null;
        do {
            var request = api.request();
            if (cursor != null) {
                request.queryParam("page[cursor]", cursor);
            }
            JsonPath page = request.get("/v1/suppressions?per_page=100&sort=value").then().statusCode(200)
                    .extract().jsonPath();
            List<String> pageValues = page.getList("data.value");
            assertTrue(values.addAll(pageValues), "no entry twice");
            reasons.addAll(page.getList("data.reason"));
            cursor = page.getString("next_cursor");
        } while (cursor != null);
        assertEquals(301, values.size());
        assertTrue(values.contains("batch-0@example.org") && values.contains("batch-299@example.org"));
        assertTrue(reasons.stream().allMatch("hard_bounce"::equals), "the first outcome's reason: " + reasons);
        api.request().get("/v1/suppressions?filter[value]=batch-0@example.org").then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].source_message.id", equalTo(first));
        api.request().get("/v1/suppressions?filter[value]=long-id@example.org").then().statusCode(200)
                .body("data[0].source_message", nullValue());
        TestApi.newTeam().request().get("/v1/suppressions?filter[value]=theirs@example.org").then().statusCode(200)
                .body("data", hasSize(0));
    }

    private static void assertNull(Object value) {
        assertEquals(null, value);
    }

    static DeliveryEvent event(String team, String project, String messageId, String recipient, String status,
            Instant received) {
        return new DeliveryEvent(UUID.randomUUID().toString(), Instant.now(), DeliveryEvent.SCHEMA_VERSION,
                messageId, team, project, recipient, status, 550, "550 5.1.1 no such user", 1, "shop@example.com",
                List.of(recipient), "Welcome", null, received, null, Map.of(), null);
    }

    static void send(KafkaProducer<String, byte[]> producer, DeliveryEvent event) throws Exception {
        producer.send(new ProducerRecord<>(Topics.DELIVERY_EVENTS, event.messageId(),
                EventJson.MAPPER.writeValueAsBytes(event))).get();
    }

    static KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(props);
    }
}
