package org.mintpost.token.suppressions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.kafka.EventJson;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.PostgresDatabase;
import org.mintpost.testing.PostgresResource;
import org.mintpost.token.TestApi;
import org.mintpost.token.TestKafka;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A flood of bounces (opt-in, {@code -Dbench=true}): 10,000 {@code hard_bounced} events of 10,000 messages put on
 * {@code delivery-events} at once; prints how long until every one is a committed entry, and checks none is lost.
 * Its same-run baseline is {@link BounceFloodOneAtATimeBenchmarkTest}.
 * Run: {@code ./mvnw -pl token-service -am test -Dtest='BounceFlood*BenchmarkTest' -Dbench=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "mintpost_tokens_test"))
@QuarkusTestResource(TestKafka.class)
@QuarkusTestResource(JwtKeysResource.class)
@EnabledIfSystemProperty(named = "bench", matches = "true")
class BounceFloodBenchmarkTest {

    static final int BOUNCES = 10_000;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void tenThousandBouncesAllBecomeEntries() throws Exception {
        TestApi api = TestApi.newTeam();
        String project = api.newProject("Flood").get("id");
        Instant start = Instant.now();
        try (KafkaProducer<String, byte[]> producer = SuppressionApiTest.producer()) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(BOUNCES);
            for (int i = 0; i < BOUNCES; i++) {
                DeliveryEvent e = SuppressionApiTest.event(api.teamId, project, UUID.randomUUID().toString(),
                        "flood-" + i + "@example.org", DeliveryEvent.HARD_BOUNCED, start);
                sent.add(producer.send(new ProducerRecord<>(topic(), e.messageId(),
                        EventJson.MAPPER.writeValueAsBytes(e))));
            }
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        }
        Duration published = Duration.between(start, Instant.now());
        Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> entries(project) >= BOUNCES);
        Duration all = Duration.between(start, Instant.now());
        assertEquals(BOUNCES, entries(project));
        System.out.printf("BENCH bounce flood (%s): %,d hard bounces published in %d ms, all %,d entries committed"
                + " after %d ms (%.0f entries/s)%n", getClass().getSimpleName(), BOUNCES, published.toMillis(), BOUNCES,
                all.toMillis(), BOUNCES * 1000.0 / all.toMillis());
    }

    /** The topic token-service reads delivery outcomes from in this test's profile. */
    String topic() {
        return Topics.DELIVERY_EVENTS;
    }

    private long entries(String project) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, PostgresDatabase.USER, "");
             PreparedStatement s = c.prepareStatement("select count(*) from tokens.suppressions where project_id = ?::uuid"
                     + " and deleted_at is null")) {
            s.setString(1, project);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
