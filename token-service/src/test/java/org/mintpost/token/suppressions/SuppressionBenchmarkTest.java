package org.mintpost.token.suppressions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.SuppressionChanged;
import org.mintpost.contracts.kafka.StateTopicReader;
import org.mintpost.contracts.kafka.SuppressionChangedDeserializer;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.KafkaBroker;
import org.mintpost.testing.PostgresDatabase;
import org.mintpost.testing.PostgresResource;
import org.mintpost.token.TestApi;
import org.mintpost.token.TestKafka;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Opt-in ({@code -Dbench=true}); prints figures for docs/benchmarks.md, asserts nothing about them.
 * (1) Suppression propagation: a {@code hard_bounced} event put on {@code delivery-events} → the entry applied by
 * each of two followers of {@code suppression-changes} built as dispatch-worker's {@code SuppressionReader} is (the
 * contracts' {@code StateTopicReader}, its own consumer, poll 100 ms, fetch wait 50 ms), one bounce at a time;
 * p50/p99 of the later of the two. (2) {@code GET /v1/suppressions} first page for a team with 100,000 entries,
 * beside the same page for a team with 10, same run.
 * Run: {@code ./mvnw -pl token-service -am test -Dbench=true -Dtest=SuppressionBenchmarkTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "mintpost_tokens_test"))
@QuarkusTestResource(TestKafka.class)
@QuarkusTestResource(JwtKeysResource.class)
@EnabledIfSystemProperty(named = "bench", matches = "true")
class SuppressionBenchmarkTest {

    static final int BOUNCES = 200;
    static final int ENTRIES = 100_000;
    static final int PAGES = 300;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    /** A follower of suppression-changes as a worker has one: records when each value was applied. */
    static final class Follower extends StateTopicReader<SuppressionChanged> {
        final Map<String, Long> appliedAt = new ConcurrentHashMap<>();

        Follower(String name) {
            super(Topics.SUPPRESSION_CHANGES, new SuppressionChangedDeserializer(), name,
                    KafkaBroker.shared().bootstrapServers(), Duration.ofMillis(100), Duration.ofMillis(50));
        }

        @Override
        protected void apply(String key, SuppressionChanged change) {
            if (change != null && SuppressionChanged.CHANGE_CREATED.equals(change.change())) {
                appliedAt.putIfAbsent(change.value(), System.nanoTime());
            }
        }

        @Override
        protected String summary() {
            return appliedAt.size() + " entries";
        }
    }

    @Test
    void propagationToTwoFollowers() throws Exception {
        TestApi api = TestApi.newTeam();
        String project = api.newProject("Propagation").get("id");
        Follower one = new Follower("bench-worker-1");
        Follower two = new Follower("bench-worker-2");
        one.start();
        two.start();
        try (KafkaProducer<String, byte[]> producer = SuppressionApiTest.producer()) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> one.isCaughtUp() && two.isCaughtUp());
            List<Long> micros = new ArrayList<>();
            for (int i = 0; i < BOUNCES + 20; i++) {
                String address = "gone-" + i + "-" + UUID.randomUUID() + "@example.org";
                DeliveryEvent e = SuppressionApiTest.event(api.teamId, project, UUID.randomUUID().toString(), address,
                        DeliveryEvent.HARD_BOUNCED, Instant.now());
                long t0 = System.nanoTime();
                SuppressionApiTest.send(producer, e);
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1))
                        .until(() -> one.appliedAt.containsKey(address) && two.appliedAt.containsKey(address));
                if (i >= 20) { // the first 20: warm-up
                    micros.add((Math.max(one.appliedAt.get(address), two.appliedAt.get(address)) - t0) / 1000);
                }
            }
            Collections.sort(micros);
            System.out.printf("BENCH suppression propagation, bounce -> applied at both of two followers (n=%d): "
                    + "p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", micros.size(), micros.get(micros.size() / 2) / 1000.0,
                    micros.get((int) (micros.size() * 0.99)) / 1000.0, micros.get(micros.size() - 1) / 1000.0);
        } finally {
            one.stop();
            two.stop();
        }
    }

    @Test
    void firstPageAtOneHundredThousandEntries() throws Exception {
        TestApi big = TestApi.newTeam();
        TestApi small = TestApi.newTeam();
        insert(big.teamId, ENTRIES);
        insert(small.teamId, 10);
        assertEquals(200, big.request().get("/v1/suppressions").statusCode());
        double[] baseline = pages(small);
        double[] full = pages(big);
        double[] baseline2 = pages(small);
        System.out.printf("BENCH suppressions.list first page, %,d entries (HTTP, %d sequential): p50 %.2f ms, "
                + "p99 %.2f ms | same page, 10 entries, before/after: p50 %.2f / %.2f ms, p99 %.2f / %.2f ms%n",
                ENTRIES, PAGES, full[0], full[1], baseline[0], baseline2[0], baseline[1], baseline2[1]);
    }

    private static double[] pages(TestApi api) {
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < PAGES + 50; i++) {
            long t0 = System.nanoTime();
            int status = api.request().get("/v1/suppressions").statusCode();
            long took = (System.nanoTime() - t0) / 1000;
            assertEquals(200, status);
            if (i >= 50) {
                micros.add(took);
            }
        }
        Collections.sort(micros);
        return new double[] {micros.get(micros.size() / 2) / 1000.0, micros.get((int) (micros.size() * 0.99)) / 1000.0};
    }

    private void insert(String teamId, int count) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, PostgresDatabase.USER, "");
                PreparedStatement s = c.prepareStatement("insert into tokens.suppressions (id, team_id, scope, type, "
                        + "value, reason, created_at, updated_at, revision) select gen_random_uuid(), ?::uuid, 'team', "
                        + "'email', 'user' || g || '@example.org', 'manual', now() - g * interval '1 second', "
                        + "now() - g * interval '1 second', 1 from generate_series(1, ?) g")) {
            s.setString(1, teamId);
            s.setInt(2, count);
            s.executeUpdate();
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl, PostgresDatabase.USER, "");
                PreparedStatement s = c.prepareStatement("analyze tokens.suppressions")) {
            s.execute();
        }
    }
}
