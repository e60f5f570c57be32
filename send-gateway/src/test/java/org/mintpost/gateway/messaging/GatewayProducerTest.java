package org.mintpost.gateway.messaging;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.contracts.event.TokenUsed;
import org.mintpost.gateway.config.GatewayConfig;
import org.mintpost.testing.KafkaBroker;

/**
 * Jobs and usage events go through producers of their own: a usage event lingers for its batch, and a
 * job sent after it is not held back by that linger.
 */
class GatewayProducerTest {

    @Test
    void aJobIsNotHeldBackByTheUsageEventsLinger() throws Exception {
        Duration usageLinger = Duration.ofSeconds(3);
        GatewayConfig config = ProducerConfigs.config(KafkaBroker.shared().bootstrapServers(), 10,
                Duration.ofSeconds(10), usageLinger);
        GatewayProducer producer = new GatewayProducer(config);
        try {
            producer.start(null);
            // both topics' metadata is known once a record of each is taken; the first usage batch is
            // closed before the measured one starts
            CompletableFuture<Void> firstUsage = new CompletableFuture<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> producer.trySend(usage(), (m, e) -> firstUsage.complete(null)));
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> producer.trySend(job(), (m, e) -> { }));
            firstUsage.get(10, TimeUnit.SECONDS);

            CompletableFuture<Long> usageAcked = new CompletableFuture<>();
            CompletableFuture<Long> jobAcked = new CompletableFuture<>();
            long sent = System.nanoTime();
            assertTrue(producer.trySend(usage(), (m, e) -> usageAcked.complete(e == null ? System.nanoTime() : -1)));
            assertTrue(producer.trySend(job(), (m, e) -> jobAcked.complete(e == null ? System.nanoTime() : -1)));

            long job = jobAcked.get(10, TimeUnit.SECONDS);
            assertTrue(job > 0, "the job failed");
            assertNull(usageAcked.getNow(null), "the usage event was acknowledged with the job, not after its linger");
            long usage = usageAcked.get(10, TimeUnit.SECONDS);
            assertTrue(usage > 0, "the usage event failed");
            Duration usageTook = Duration.ofNanos(usage - sent);
            assertTrue(usageTook.compareTo(usageLinger.minusMillis(500)) >= 0,
                    "the usage event waited for its batch only " + usageTook.toMillis() + " ms");
        } finally {
            producer.stop(null);
        }
    }

    private static ProducerRecord<String, Object> usage() {
        return new ProducerRecord<>(Topics.TOKEN_USAGE, "tok_1", new TokenUsed(UUID.randomUUID().toString(),
                Instant.now(), TokenUsed.SCHEMA_VERSION, "tok_1", "project", "lm_...abcd", "team_1", "proj_1",
                "127.0.0.1", "test", "api", "POST /v1/send", TokenUsed.OUTCOME_ACCEPTED, null, List.of("msg_1")));
    }

    private static ProducerRecord<String, Object> job() {
        SendJob job = KafkaSendJobPublisherTest.job("proj_" + UUID.randomUUID());
        return new ProducerRecord<>(Topics.SEND_JOBS, job.projectId(), job);
    }
}
