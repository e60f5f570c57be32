package org.mintpost.gateway;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.contracts.kafka.SendJobDeserializer;
import org.mintpost.gateway.repository.IdempotencyStore;
import org.mintpost.gateway.service.SendJobPublisher;
import org.mintpost.gateway.support.GatewayTest;
import org.mintpost.gateway.support.Http;
import org.mintpost.gateway.support.PublishInterceptor;
import org.mintpost.gateway.support.TestTokens;
import org.mintpost.gateway.support.TopicTail;

import io.quarkus.redis.datasource.RedisDataSource;
import io.smallrye.mutiny.Uni;
import io.restassured.response.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

@GatewayTest
class IdempotencyTest {

    @BeforeEach
    void ready() {
        Http.awaitReady();
    }

    @Test
    void sameKeyAndBodyGiveTheSameMessageIdAndOneJob() {
        TestTokens.Issued issued = TestTokens.project();
        Http.awaitProjectToken(issued.token());
        String key = "order-" + UUID.randomUUID();
        try (TopicTail<SendJob> jobs = new TopicTail<>(Topics.SEND_JOBS, new SendJobDeserializer())) {
            Response first = Http.withToken(issued.token()).header("Idempotency-Key", key)
                    .body(Http.simpleBody("receipt")).post("/v1/send");
            first.then().statusCode(202);
            // same content, other key order and spacing: the same request
            Response again = Http.withToken(issued.token()).header("Idempotency-Key", key)
                    .body("{\"text\":\"Hello there\", \"subject\":\"receipt\",\"to\":[\"rcpt@example.org\"],"
                            + "\"from\":\"Sender <sender@example.com>\"}")
                    .post("/v1/send");
            again.then().statusCode(202).body("message_id", equalTo(first.path("message_id")));
            Http.withToken(issued.token()).header("Idempotency-Key", key).body(Http.simpleBody("other"))
                    .post("/v1/send").then().statusCode(409).body("error", equalTo("idempotency_conflict"));
            List<ConsumerRecord<String, SendJob>> seen = jobs.collect(
                    r -> r.value().projectId().equals(issued.projectId()), Duration.ofSeconds(2));
            assertEquals(1, seen.size(), "one job for one idempotency key");
            assertEquals(key, seen.get(0).value().idempotencyKey());
        }
        // the key is per project: another project may use it
        TestTokens.Issued other = TestTokens.project();
        Http.awaitProjectToken(other.token());
        Response elsewhere = Http.withToken(other.token()).header("Idempotency-Key", key)
                .body(Http.simpleBody("receipt")).post("/v1/send");
        elsewhere.then().statusCode(202);
    }

    @Test
    void concurrentRequestsWithOneKeyQueueOneJob() throws Exception {
        TestTokens.Issued issued = TestTokens.project();
        Http.awaitProjectToken(issued.token());
        String key = "race-" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (TopicTail<SendJob> jobs = new TopicTail<>(Topics.SEND_JOBS, new SendJobDeserializer())) {
            List<Future<Integer>> answers = pool.invokeAll(Collections.nCopies(8, () ->
                    Http.withToken(issued.token()).header("Idempotency-Key", key).body(Http.simpleBody("race"))
                            .post("/v1/send").statusCode()));
            long accepted = 0;
            for (Future<Integer> answer : answers) {
                int status = answer.get();
                if (status == 202) {
                    accepted++;
                } else {
                    assertEquals(409, status);
                }
            }
            assertNotEquals(0, accepted);
            List<ConsumerRecord<String, SendJob>> seen = jobs.collect(
                    r -> r.value().projectId().equals(issued.projectId()), Duration.ofSeconds(2));
            assertEquals(1, seen.size(), "one job whatever the interleaving");
        } finally {
            pool.shutdownNow();
        }
    }

    @Inject
    RedisDataSource redis;

    /**
     * A gateway died after Kafka acknowledged the job but before the key was completed (or Redis failed
     * right then): the key stays in flight. A retry within {@code take-over-after} gets 409; a later one
     * takes the claim over and publishes the same message id again (the workers deliver it once).
     */
    @Test
    void aKeyLeftInFlightByADeadGatewayIsTakenOverWithTheSameMessageId() {
        TestTokens.Issued issued = TestTokens.project();
        Http.awaitProjectToken(issued.token());
        String key = "crash-" + UUID.randomUUID();
        String redisKey = IdempotencyStore.redisKey(issued.projectId(), key);
        try (TopicTail<SendJob> jobs = new TopicTail<>(Topics.SEND_JOBS, new SendJobDeserializer())) {
            Response first = Http.withToken(issued.token()).header("Idempotency-Key", key)
                    .body(Http.simpleBody("crash")).post("/v1/send");
            first.then().statusCode(202);
            String messageId = first.path("message_id");
            JsonObject stored = new JsonObject(redis.value(String.class).get(redisKey));

            // as the dead gateway left it: claimed just now, never completed
            JsonObject inFlight = new JsonObject().put("body_hash", stored.getString("body_hash"))
                    .put("message_ids", new JsonArray().add(messageId)).put("claimed_at", System.currentTimeMillis());
            redis.value(String.class).set(redisKey, inFlight.encode());
            Http.withToken(issued.token()).header("Idempotency-Key", key).body(Http.simpleBody("crash"))
                    .post("/v1/send").then().statusCode(409).body("error", equalTo("idempotency_conflict"));

            // claimed longer ago than take-over-after (15 s): the retry takes over, with the same message id
            redis.value(String.class).set(redisKey, inFlight.put("claimed_at", System.currentTimeMillis() - 20_000)
                    .encode());
            Http.withToken(issued.token()).header("Idempotency-Key", key).body(Http.simpleBody("other body"))
                    .post("/v1/send").then().statusCode(409);
            Http.withToken(issued.token()).header("Idempotency-Key", key).body(Http.simpleBody("crash"))
                    .post("/v1/send").then().statusCode(202).body("message_id", equalTo(messageId));
            // and it is complete again: the next retry is a replay
            Http.withToken(issued.token()).header("Idempotency-Key", key).body(Http.simpleBody("crash"))
                    .post("/v1/send").then().statusCode(202).header("Idempotent-Replayed", "true")
                    .body("message_id", equalTo(messageId));

            List<ConsumerRecord<String, SendJob>> seen = jobs.collect(
                    r -> r.value().projectId().equals(issued.projectId()), Duration.ofSeconds(2));
            assertEquals(List.of(messageId, messageId), seen.stream().map(r -> r.value().messageId()).toList(),
                    "the first job and the taken-over one, under one message id");
        }
    }

    /**
     * The broker acknowledges half a batch, then fails: 503. The client's retry with its key publishes the
     * whole batch again under the same message ids (the workers deliver each once), not new ones.
     */
    @Test
    void aFailedPublishIsRetriedUnderTheSameMessageIds() {
        AtomicBoolean failNext = new AtomicBoolean(true);
        PublishInterceptor.install((broker, jobs) -> {
            if (!failNext.getAndSet(false)) {
                return broker.publishAll(jobs);
            }
            return broker.publishAll(jobs.subList(0, 1)).chain(() -> Uni.createFrom().failure(
                    new SendJobPublisher.PublishFailedException("the broker went away mid-batch", false)));
        });
        TestTokens.Issued issued = TestTokens.project();
        Http.awaitProjectToken(issued.token());
        String key = "half-" + UUID.randomUUID();
        String body = "[" + Http.simpleBody("one").trim() + "," + Http.simpleBody("two").trim() + "]";
        try (TopicTail<SendJob> jobs = new TopicTail<>(Topics.SEND_JOBS, new SendJobDeserializer())) {
            Http.withToken(issued.token()).header("Idempotency-Key", key).body(body).post("/v1/send/batch")
                    .then().statusCode(503);
            List<String> firstTry = jobs.collect(r -> r.value().projectId().equals(issued.projectId()),
                    Duration.ofSeconds(2)).stream().map(r -> r.value().messageId()).toList();
            assertEquals(1, firstTry.size(), "half the batch reached the broker");

            Response retry = Http.withToken(issued.token()).header("Idempotency-Key", key).body(body)
                    .post("/v1/send/batch");
            retry.then().statusCode(202);
            List<String> ids = retry.jsonPath().getList("message_id");
            assertEquals(firstTry.get(0), ids.get(0), "the job that made it keeps its message id");
            List<String> all = jobs.collect(r -> r.value().projectId().equals(issued.projectId()),
                    Duration.ofSeconds(2)).stream().map(r -> r.value().messageId()).toList();
            assertEquals(List.of(ids.get(0), ids.get(0), ids.get(1)), all);
        }
    }

    @Test
    void batchesAreIdempotentToo() {
        TestTokens.Issued issued = TestTokens.project();
        Http.awaitProjectToken(issued.token());
        String key = "batch-" + UUID.randomUUID();
        String body = "[" + Http.simpleBody("a").trim() + "," + Http.simpleBody("b").trim() + "]";
        Response first = Http.withToken(issued.token()).header("Idempotency-Key", key).body(body)
                .post("/v1/send/batch");
        first.then().statusCode(202);
        Http.withToken(issued.token()).header("Idempotency-Key", key).body(body).post("/v1/send/batch")
                .then().statusCode(202).body("message_id", equalTo(first.path("message_id")));
        // the same key on /v1/send is another request
        Http.withToken(issued.token()).header("Idempotency-Key", key).body(Http.simpleBody("a"))
                .post("/v1/send").then().statusCode(409);
    }
}
