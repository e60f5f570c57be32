package org.mintpost.gateway.bench;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mintpost.gateway.support.FakeUpstreams;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.KafkaResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * {@link IdleSendLatencyBenchmarkTest} with the {@code send-jobs} linger of 1 ms the edge had before: the
 * same-run baseline ({@code -Dtest='IdleSendLatency*'} runs both).
 */
@QuarkusTest
@TestProfile(IdleSendLatencyBenchmarkTest.HighLimitsLinger1.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(JwtKeysResource.class)
@WithTestResource(FakeUpstreams.class)
@EnabledIfSystemProperty(named = "bench", matches = "true")
class IdleSendLatencyLinger1BenchmarkTest extends IdleSendLatencyBenchmarkTest {

    @Override
    String label() {
        return "baseline: send-jobs linger 1 ms";
    }
}
