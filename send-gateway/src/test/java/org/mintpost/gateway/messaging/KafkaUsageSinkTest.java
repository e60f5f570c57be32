package org.mintpost.gateway.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.event.TokenUsed;
import org.mintpost.gateway.config.GatewayConfig;
import org.mintpost.testing.KafkaBroker;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The usage sink is called on event loops: it must never wait for the broker, and it must stay bounded. */
class KafkaUsageSinkTest {

    @Test
    void aBrokerThatIsNotThereNeverBlocksTheCaller() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        MeterRegistry registry = new SimpleMeterRegistry();
        GatewayConfig config = ProducerConfigs.config("127.0.0.1:" + closedPort, 20_000, Duration.ofSeconds(10));
        GatewayProducer producer = new GatewayProducer(config);
        KafkaUsageSink sink = new KafkaUsageSink(producer, config, registry);
        try {
            sink.offer(event()); // makes the producer
            long start = System.nanoTime();
            for (int i = 0; i < 1_000; i++) {
                assertFalse(sink.offer(event()), "no metadata: refused at once");
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.toMillis() < 1_000, "1,000 offers took " + took.toMillis() + " ms");
            assertEquals(1_001, registry.counter("mintpost.gateway.usage.dropped").count());
        } finally {
            producer.stop(null);
        }
    }

    @Test
    void eventsReachTheBrokerAndAtMostBufferSizeAwaitTheirAck() {
        MeterRegistry registry = new SimpleMeterRegistry();
        GatewayConfig config = ProducerConfigs.config(KafkaBroker.shared().bootstrapServers(), 5, Duration.ofSeconds(10));
        GatewayProducer producer = new GatewayProducer(config);
        KafkaUsageSink sink = new KafkaUsageSink(producer, config, registry);
        try {
            producer.start(null);
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> sink.offer(event()));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    registry.counter("mintpost.gateway.usage.sent").count() >= 1);
            double sentBefore = registry.counter("mintpost.gateway.usage.sent").count();
            double droppedBefore = registry.counter("mintpost.gateway.usage.dropped").count();
            int accepted = 0;
            for (int i = 0; i < 200; i++) {
                if (sink.offer(event())) {
                    accepted++;
                }
            }
            int taken = accepted;
            assertTrue(taken >= 5 && taken < 200, "taken: " + taken + " (buffer of 5, linger 20 ms)");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    registry.counter("mintpost.gateway.usage.sent").count() - sentBefore == taken);
            assertEquals(200 - taken, registry.counter("mintpost.gateway.usage.dropped").count() - droppedBefore);
        } finally {
            producer.stop(null);
        }
    }

    private static TokenUsed event() {
        return new TokenUsed(UUID.randomUUID().toString(), Instant.now(), TokenUsed.SCHEMA_VERSION, "tok_1",
                "project", "lm_...abcd", "team_1", "proj_1", "127.0.0.1", "test", "api", "POST /v1/send",
                TokenUsed.OUTCOME_ACCEPTED, null, List.of("msg_1"));
    }
}
