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

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.contracts.kafka.SendJobDeserializer;
import org.mintpost.gateway.support.GatewayTest;
import org.mintpost.gateway.support.Http;
import org.mintpost.gateway.support.TestTokens;
import org.mintpost.gateway.support.TopicTail;

import io.restassured.response.Response;

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
