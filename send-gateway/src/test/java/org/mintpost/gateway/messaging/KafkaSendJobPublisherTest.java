package org.mintpost.gateway.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.EmailContent;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.contracts.event.TokenUsed;
import org.mintpost.contracts.kafka.SendJobDeserializer;
import org.mintpost.gateway.config.GatewayConfig;
import org.mintpost.gateway.service.SendJobPublisher.PublishFailedException;
import org.mintpost.gateway.support.TopicTail;
import org.mintpost.testing.KafkaBroker;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The publisher hands jobs to a producer that never waits: a job refused at once (no metadata yet) is
 * tried again until the broker answers or the send timeout passes, and the caller is never blocked.
 */
class KafkaSendJobPublisherTest {

    @Test
    void jobsSentBeforeTheTopicsMetadataIsKnownAreRetriedUntilAcknowledged() throws Exception {
        GatewayConfig config = ProducerConfigs.config(KafkaBroker.shared().bootstrapServers(), 10,
                Duration.ofSeconds(10));
        GatewayProducer producer = new GatewayProducer(config);
        KafkaSendJobPublisher publisher = new KafkaSendJobPublisher(producer, config);
        String projectId = "proj_" + UUID.randomUUID();
        try (TopicTail<SendJob> reader = new TopicTail<>(Topics.SEND_JOBS, new SendJobDeserializer())) {
            // no start(): the producer has no metadata, so the first attempts are refused at once
            List<SendJob> jobs = List.of(job(projectId), job(projectId), job(projectId));
            publisher.publishAll(jobs).subscribeAsCompletionStage().get(15, TimeUnit.SECONDS);
            List<String> seen = reader.await(r -> projectId.equals(r.value().projectId()), 3,
                    Duration.ofSeconds(10)).stream().map(r -> r.value().messageId()).toList();
            // each once; retries of separately refused jobs may reach the broker in another order, which no
            // consumer relies on (the workers take a partition's jobs concurrently)
            assertEquals(jobs.stream().map(SendJob::messageId).sorted().toList(), seen.stream().sorted().toList());
        } finally {
            producer.stop(null);
        }
    }

    @Test
    void withNoBrokerThePublishFailsAtTheSendTimeoutWithoutBlockingTheCaller() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        GatewayConfig config = ProducerConfigs.config("127.0.0.1:" + closedPort, 10, Duration.ofMillis(1_500));
        GatewayProducer producer = new GatewayProducer(config);
        KafkaSendJobPublisher publisher = new KafkaSendJobPublisher(producer, config);
        try {
            publisher.publishAll(List.of(job("proj_1"))).subscribeAsCompletionStage(); // makes the producer
            long start = System.nanoTime();
            CompletableFuture<Void> answer = publisher.publishAll(List.of(job("proj_1")))
                    .subscribeAsCompletionStage();
            long handedOver = System.nanoTime() - start;
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> answer.get(10, TimeUnit.SECONDS));
            Duration answeredAfter = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(handedOver < Duration.ofMillis(1_000).toNanos(), "the caller waited " + handedOver / 1_000_000
                    + " ms (waiting for the broker would take the send timeout, 1,500 ms)");
            assertInstanceOf(PublishFailedException.class, failed.getCause());
            assertTrue(answeredAfter.toMillis() >= 1_400 && answeredAfter.toMillis() < 4_000,
                    "answered after " + answeredAfter.toMillis() + " ms, send timeout 1,500 ms");
        } finally {
            producer.stop(null);
        }
    }

    @Test
    void aPublishWaitingToBeRetriedIsAnsweredWhenTheGatewayStops() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        GatewayConfig config = ProducerConfigs.config("127.0.0.1:" + closedPort, 10, Duration.ofSeconds(30));
        GatewayProducer producer = new GatewayProducer(config);
        KafkaSendJobPublisher publisher = new KafkaSendJobPublisher(producer, config);
        CompletableFuture<Void> answer = publisher.publishAll(List.of(job("proj_1"))).subscribeAsCompletionStage();
        long stopping = System.nanoTime();
        producer.stop(null);
        ExecutionException failed = assertThrows(ExecutionException.class, () -> answer.get(20, TimeUnit.SECONDS));
        assertInstanceOf(PublishFailedException.class, failed.getCause());
        long tookMs = (System.nanoTime() - stopping) / 1_000_000;
        assertTrue(tookMs < 15_000, "answered " + tookMs + " ms after the stop; the send timeout is 30 s");
    }

    @Test
    void smallJobsAreHandedOverByTheEventLoopAndLargeOnesByAWorkerThread() throws Exception {
        GatewayConfig config = ProducerConfigs.config(KafkaBroker.shared().bootstrapServers(), 10,
                Duration.ofSeconds(10));
        Map<String, Boolean> onEventLoop = new ConcurrentHashMap<>();
        GatewayProducer producer = new GatewayProducer(config) {
            @Override
            public boolean trySend(ProducerRecord<String, Object> record, Callback callback) {
                onEventLoop.putIfAbsent(((SendJob) record.value()).projectId(), Context.isOnEventLoopThread());
                return super.trySend(record, callback);
            }
        };
        KafkaSendJobPublisher publisher = new KafkaSendJobPublisher(producer, config);
        Vertx vertx = Vertx.vertx();
        try {
            SendJob small = job("proj_small");
            SendJob large = withAttachment(job("proj_large"), "A".repeat(512 * 1024));
            assertTrue(KafkaSendJobPublisher.chars(List.of(large)) > KafkaSendJobPublisher.EVENT_LOOP_MAX_CHARS);
            for (SendJob job : List.of(small, large)) {
                CompletableFuture<Void> answer = new CompletableFuture<>();
                vertx.runOnContext(v -> publisher.publishAll(List.of(job)).subscribe().with(answer::complete,
                        answer::completeExceptionally));
                answer.get(15, TimeUnit.SECONDS);
            }
            assertEquals(Map.of("proj_small", true, "proj_large", false), onEventLoop);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            producer.stop(null);
        }
    }

    private static SendJob withAttachment(SendJob job, String base64) {
        EmailContent c = job.content();
        EmailContent content = new EmailContent(c.from(), c.to(), c.cc(), c.bcc(), c.replyTo(), c.subject(), c.html(),
                c.text(), c.headers(), c.metadata(), c.tag(), c.tags(), c.route(), c.scheduledAt(), c.settings(),
                List.of(new EmailContent.Attachment("big.bin", base64, "application/octet-stream", null)));
        return new SendJob(job.eventId(), job.occurredAt(), job.schemaVersion(), job.messageId(), job.teamId(),
                job.projectId(), job.tokenId(), job.receivedAt(), job.channel(), job.idempotencyKey(), content, null,
                null, null, null, null, null, null, 0, null, null, null);
    }

    static SendJob job(String projectId) {
        EmailContent content = new EmailContent("Ann <ann@example.com>", List.of("bob@example.com"), List.of(),
                List.of(), List.of(), "hi", "<p>hi</p>", "hi", Map.of(), Map.of(), null, List.of(), null, null, null,
                List.of());
        return new SendJob(UUID.randomUUID().toString(), Instant.now(), SendJob.SCHEMA_VERSION,
                UUID.randomUUID().toString(), "team_1", projectId, "tok_1", Instant.now(), TokenUsed.CHANNEL_API, null,
                content, null, null, null, null, null, null, null, 0, null, null, null);
    }
}
