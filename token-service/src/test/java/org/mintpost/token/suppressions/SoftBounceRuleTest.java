package org.mintpost.token.suppressions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.PostgresDatabase;
import org.mintpost.testing.PostgresResource;
import org.mintpost.token.TestApi;
import org.mintpost.token.TestKafka;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The soft-bounce rule on real {@code delivery-events}: five distinct messages soft-bouncing in a row for one
 * address (a retry of one counts once) make a {@code hard_bounce} entry with the fifth as its source; a delivery in
 * between starts over; so does a streak older than the window. Each step waits for the streak the database holds.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "mintpost_tokens_test"))
@QuarkusTestResource(TestKafka.class)
@QuarkusTestResource(JwtKeysResource.class)
class SoftBounceRuleTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void fiveMessagesInARowMakeAHardBounceAndADeliveryOrTimeStartsOver() throws Exception {
        TestApi api = TestApi.newTeam();
        String project = api.newProject("Soft").get("id");
        String full = "full@example.org";
        String flaky = "flaky@example.org";
        String old = "old@example.org";
        Instant now = Instant.now();
        Instant longAgo = now.minus(Duration.ofDays(8));
        try (KafkaProducer<String, byte[]> producer = SuppressionApiTest.producer()) {
            String first = UUID.randomUUID().toString();
            soft(producer, api, project, first, full, now);
            soft(producer, api, project, first, full, now);
            for (int i = 0; i < 3; i++) {
                soft(producer, api, project, UUID.randomUUID().toString(), full, now);
            }
            awaitStreak(project, full, 4);
            for (int i = 0; i < 3; i++) {
                soft(producer, api, project, UUID.randomUUID().toString(), flaky, now);
            }
            for (int i = 0; i < 4; i++) {
                soft(producer, api, project, UUID.randomUUID().toString(), old, longAgo);
            }
            awaitStreak(project, flaky, 3);
            awaitStreak(project, old, 4);
            SuppressionApiTest.send(producer, event(api, project, UUID.randomUUID().toString(), flaky,
                    DeliveryEvent.DELIVERED, now));
            awaitStreak(project, flaky, 0);
            for (int i = 0; i < 4; i++) {
                soft(producer, api, project, UUID.randomUUID().toString(), flaky, now);
            }
            soft(producer, api, project, UUID.randomUUID().toString(), old, now);
            awaitStreak(project, flaky, 4);
            awaitStreak(project, old, 1);
            assertEquals(List.of(), api.request().get("/v1/suppressions").then().statusCode(200).extract()
                    .jsonPath().getList("data"), "four in a row, a delivery between, or too long ago: no entry");

            String fifth = UUID.randomUUID().toString();
            soft(producer, api, project, fifth, full, now);
            JsonPath listed = Awaitility.await().atMost(Duration.ofSeconds(15))
                    .until(() -> api.request().get("/v1/suppressions").then().statusCode(200).extract().jsonPath(),
                            j -> j.getList("data").size() == 1);
            assertEquals(full, listed.getString("data[0].value"));
            assertEquals("hard_bounce", listed.getString("data[0].reason"));
            assertEquals("project", listed.getString("data[0].scope"));
            assertEquals(fifth, listed.getString("data[0].source_message.id"));
            awaitStreak(project, full, 0);
        }
    }

    private void soft(KafkaProducer<String, byte[]> producer, TestApi api, String project, String messageId,
            String to, Instant at) throws Exception {
        SuppressionApiTest.send(producer, event(api, project, messageId, to, DeliveryEvent.SOFT_BOUNCED, at));
    }

    private static DeliveryEvent event(TestApi api, String project, String messageId, String to, String status,
            Instant at) {
        return new DeliveryEvent(UUID.randomUUID().toString(), at, DeliveryEvent.SCHEMA_VERSION, messageId,
                api.teamId, project, to, status, 452, "452 4.2.2 mailbox full", 1, "shop@example.com", List.of(to),
                "Newsletter", null, at, null, Map.of(), null);
    }

    private void awaitStreak(String project, String address, int messages) {
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> streak(project, address) == messages);
    }

    private int streak(String project, String address) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, PostgresDatabase.USER, "");
             PreparedStatement s = c.prepareStatement("select cardinality(message_ids) from tokens.soft_bounce_streaks"
                     + " where project_id = ?::uuid and address = ?")) {
            s.setString(1, project);
            s.setString(2, address);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getInt(1) : 0;
            }
        }
    }
}
