package org.mintpost.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.contracts.kafka.SendJobDeserializer;
import org.mintpost.gateway.repository.IdempotencyStore;
import org.mintpost.gateway.support.FakeUpstreams;
import org.mintpost.gateway.support.Http;
import org.mintpost.gateway.support.OwnRedisResource;
import org.mintpost.gateway.support.PublishInterceptor;
import org.mintpost.gateway.support.SmtpTlsResource;
import org.mintpost.gateway.support.TestTokens;
import org.mintpost.gateway.support.TopicTail;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.KafkaResource;
import org.mintpost.testing.RedisServer;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/**
 * The gateway against a Redis of the test's own that fails between a claim and its completion, goes down (kill -9)
 * and hangs (kill -STOP): idempotency keys never give a second message id, rate limits fall back to this gateway's
 * share (here 4/s per token over 2 gateways: 2/s), keyed sends get 503 + Retry-After, and with a hung Redis
 * every answer comes within about one deadline.
 */
@QuarkusTest
@TestProfile(RedisOutageTest.Profile.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(JwtKeysResource.class)
@WithTestResource(FakeUpstreams.class)
@WithTestResource(SmtpTlsResource.class)
@WithTestResource(OwnRedisResource.class)
class RedisOutageTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mintpost.idempotency.take-over-after", "1s",
                    "mintpost.rate-limit.per-token-per-second", "4",
                    "mintpost.rate-limit.per-project-per-second", "1000",
                    "mintpost.rate-limit.gateways", "2",
                    // the test's JVMs share two cores with many others; the deadline's default is 250ms
                    "mintpost.redis.timeout", "1s",
                    "mintpost.redis.breaker-delay", "1s");
        }
    }

    private static final long DAY_MS = Duration.ofHours(24).toMillis();

    private static RedisServer redis() {
        return OwnRedisResource.server();
    }

    @BeforeEach
    void redisAnswers() {
        redis().resume();
        redis().startAgain();
        refuseWrites(false);
        Http.awaitReady();
        // a breaker opened by an earlier test closes at the first probe once its delay has passed
        TestTokens.Issued probe = TestTokens.project();
        Http.awaitProjectToken(probe.token());
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Http.withToken(probe.token()).body(Http.simpleBody("probe")).post("/v1/send");
            return "closed".equals(breaker());
        });
    }

    /**
     * Redis fails right after the broker acknowledged a keyed send: its completion fails (and is swallowed: the
     * send was accepted). The claim must still hold the message id for the whole TTL (it lived 60 s), so that a retry, however
     * late, takes it over with the same message id instead of making a second message.
     */
    @Test
    void aSendWhoseCompletionFailedKeepsItsMessageIdForTheWholeTtl() throws Exception {
        TestTokens.Issued issued = TestTokens.project();
        Http.awaitProjectToken(issued.token());
        String key = "lost-completion-" + UUID.randomUUID();
        String redisKey = IdempotencyStore.redisKey(issued.projectId(), key);
        // right after the broker's ack Redis refuses every write (maxmemory 1 byte, noeviction): the completion fails
        AtomicBoolean once = new AtomicBoolean(true);
        PublishInterceptor.install((broker, jobs) -> broker.publishAll(jobs).invoke(() -> {
            if (once.getAndSet(false)) {
                refuseWrites(true);
            }
        }));
        try (TopicTail<SendJob> tail = new TopicTail<>(Topics.SEND_JOBS, new SendJobDeserializer())) {
            String messageId;
            try {
                Response first = Http.withToken(issued.token()).header("Idempotency-Key", key)
                        .body(Http.simpleBody("lost")).post("/v1/send");
                first.then().statusCode(202);
                messageId = first.path("message_id");
            } finally {
                refuseWrites(false);
            }
            long ttl = Long.parseLong(redis().command("PTTL", redisKey).substring(1));
            assertTrue(ttl > DAY_MS - 60_000, "the claim lives the idempotency TTL, not " + ttl + " ms");

            Thread.sleep(1_200); // past take-over-after in this profile
            Http.withToken(issued.token()).header("Idempotency-Key", key).body(Http.simpleBody("lost"))
                    .post("/v1/send").then().statusCode(202).body("message_id", equalTo(messageId));
            Http.withToken(issued.token()).header("Idempotency-Key", key).body(Http.simpleBody("lost"))
                    .post("/v1/send").then().statusCode(202).header("Idempotent-Replayed", "true")
                    .body("message_id", equalTo(messageId));
            List<ConsumerRecord<String, SendJob>> seen = tail.collect(
                    r -> r.value().projectId().equals(issued.projectId()), Duration.ofSeconds(2));
            assertEquals(List.of(messageId, messageId), seen.stream().map(r -> r.value().messageId()).toList(),
                    "the first job and the taken-over one, under one message id");
        }
    }

    /** Redis killed: unkeyed sends go on under this gateway's share of the limit, keyed ones get 503. */
    @Test
    void withRedisDownLimitsHoldLocallyAndKeyedSendsGet503() {
        TestTokens.Issued issued = TestTokens.project();
        Http.awaitProjectToken(issued.token());
        // a second project's token, known to the edge before Redis goes: its send is limited by nothing but the key
        TestTokens.Issued keyedSender = TestTokens.project();
        Http.awaitProjectToken(keyedSender.token());
        redis().kill();
        try {
            long window = System.currentTimeMillis() / 1000;
            List<Response> answers = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                answers.add(Http.withToken(issued.token()).body(Http.simpleBody("down")).post("/v1/send"));
            }
            long windows = System.currentTimeMillis() / 1000 - window + 1;
            List<Integer> statuses = answers.stream().map(Response::statusCode).toList();
            long accepted = statuses.stream().filter(s -> s == 202).count();
            assertTrue(statuses.stream().allMatch(s -> s == 202 || s == 429), "202 or 429 only: " + statuses);
            assertTrue(accepted >= 1, "sends go on without Redis: " + statuses);
            assertTrue(accepted <= 2 * windows, "at most this gateway's share (2/s) in " + windows
                    + " window(s): " + accepted + " accepted");
            Response limited = answers.stream().filter(r -> r.statusCode() == 429).findFirst()
                    .orElseThrow(() -> new AssertionError("never limited without Redis: " + statuses));
            limited.then().body("error", equalTo("rate_limited")).header("X-RateLimit-Limit", "2")
                    .header("Retry-After", "1");

            Http.withToken(keyedSender.token()).header("Idempotency-Key", "k-" + UUID.randomUUID())
                    .body(Http.simpleBody("keyed")).post("/v1/send").then().statusCode(503)
                    .body("error", equalTo("unavailable")).header("Retry-After", "5");
            assertEquals(1.0, metric("mintpost_gateway_ratelimit_degraded"), "the metric says limits are local");
            assertTrue(metric("mintpost_gateway_ratelimit_local_total") >= answers.size());
            given().get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'redis' }.data.degraded", equalTo(true));
        } finally {
            redis().startAgain();
        }
        TestTokens.Issued after = TestTokens.project();
        Http.awaitProjectToken(after.token());
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Http.withToken(after.token()).body(Http.simpleBody("back")).post("/v1/send");
            return metric("mintpost_gateway_ratelimit_degraded") == 0.0;
        });
    }

    /**
     * Redis hangs (kill -STOP) while 100 sends come in at once, with and without keys: every one is answered within
     * about a deadline instead of the Redis client's own timeout, unkeyed ones 202 or 429 under the local limits,
     * keyed ones 503.
     */
    @Test
    void aHungRedisIsAnsweredLikeADownOneAndFast() throws Exception {
        TestTokens.Issued unkeyed = TestTokens.project();
        TestTokens.Issued keyed = TestTokens.project();
        Http.awaitProjectToken(unkeyed.token());
        Http.awaitProjectToken(keyed.token());
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://127.0.0.1:" + RestAssured.port;
        redis().pause();
        List<CompletableFuture<long[]>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                boolean withKey = i % 2 == 1;
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/v1/send"))
                        .timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json")
                        .header("x-lettermint-token", withKey ? keyed.token() : unkeyed.token())
                        .POST(HttpRequest.BodyPublishers.ofString(Http.simpleBody("hung-" + i)));
                if (withKey) {
                    request.header("Idempotency-Key", "hung-" + i + "-" + UUID.randomUUID());
                }
                long start = System.nanoTime();
                answers.add(client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).thenApply(
                        r -> new long[] {r.statusCode(), (System.nanoTime() - start) / 1_000_000, withKey ? 1 : 0}));
            }
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get();
            assertTrue(List.of("open", "half_open").contains(breaker()), "Redis is reported down: " + breaker());
            given().get("/q/health/ready").then().statusCode(200);
        } finally {
            redis().resume();
        }
        List<String> wrong = new ArrayList<>();
        int[] keyedUnavailable = {0};
        int[] unkeyedAccepted = {0};
        long slowest = 0;
        for (CompletableFuture<long[]> answer : answers) {
            long[] a = answer.get();
            slowest = Math.max(slowest, a[1]);
            boolean ok = a[2] == 1 ? a[0] == 503 || a[0] == 429 : a[0] == 202 || a[0] == 429;
            (a[2] == 1 ? keyedUnavailable : unkeyedAccepted)[0] += a[0] == (a[2] == 1 ? 503 : 202) ? 1 : 0;
            if (!ok) {
                wrong.add((a[2] == 1 ? "keyed " : "unkeyed ") + a[0]);
            }
        }
        assertTrue(wrong.isEmpty(), "unkeyed 202/429, keyed 503 (or 429 past the token's share): " + wrong);
        assertTrue(keyedUnavailable[0] >= 1 && unkeyedAccepted[0] >= 1, "keyed sends got 503, unkeyed ones 202");
        // each waited at most one deadline (rate limit) plus the open breaker's refusal; the bound leaves room for
        // a loaded test machine and stays well under the Redis client's own timeout
        assertTrue(slowest < 5_000, "every send answered within a deadline and change, slowest " + slowest + " ms");
    }

    private static void refuseWrites(boolean refuse) {
        assertEquals("+OK", redis().command("CONFIG", "SET", "maxmemory-policy", "noeviction"));
        assertEquals("+OK", redis().command("CONFIG", "SET", "maxmemory", refuse ? "1" : "0"));
    }

    static String breaker() {
        return given().get("/q/health/ready").then().extract().jsonPath()
                .getString("checks.find { it.name == 'redis' }.data.breaker");
    }

    static double metric(String name) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
