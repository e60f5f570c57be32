package org.mintpost.token.suppressions;

import java.util.Map;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mintpost.testing.JwtKeysResource;
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
            return Map.of("mp.messaging.incoming.delivery-outcomes.max.poll.records", "1",
                    "mp.messaging.incoming.delivery-outcomes.topic", TOPIC);
        }
    }

    static final String TOPIC = "delivery-events-one-at-a-time";

    @Override
    String topic() {
        return TOPIC;
    }
}
