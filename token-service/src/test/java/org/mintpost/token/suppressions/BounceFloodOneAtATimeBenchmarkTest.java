package org.mintpost.token.suppressions;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mintpost.contracts.Topics;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.KafkaBroker;
import org.mintpost.testing.PostgresResource;
import org.mintpost.token.TestKafka;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The baseline of {@link BounceFloodBenchmarkTest}, for the same run (opt-in, {@code -Dbench=true}): the same
 * flood with the consumer fetching one record per poll, so each outcome is its own transaction and its own
 * publication, as before outcomes were handled in batches. Its own topic, so the other flood's records are not
 * read again.
 */
@QuarkusTest
@TestProfile(BounceFloodOneAtATimeBenchmarkTest.OneRecordPerPoll.class)
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "mintpost_tokens_test"))
@QuarkusTestResource(TestKafka.class)
@QuarkusTestResource(JwtKeysResource.class)
@EnabledIfSystemProperty(named = "bench", matches = "true")
class BounceFloodOneAtATimeBenchmarkTest extends BounceFloodBenchmarkTest {

    public static class OneRecordPerPoll implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            createTopic();
            return Map.of("mp.messaging.incoming.delivery-outcomes.max.poll.records", "1",
                    "mp.messaging.incoming.delivery-outcomes.topic", TOPIC);
        }
    }

    static final String TOPIC = "delivery-events-one-at-a-time";

    /** The test broker creates no topic on demand: this one is made as delivery-events is. */
    static void createTopic() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBroker.shared().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, Topics.partitions(Topics.DELIVERY_EVENTS), (short) 1)))
                    .all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create " + TOPIC, e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    String topic() {
        return TOPIC;
    }
}
