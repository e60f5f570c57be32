package org.mintpost.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.mintpost.gateway.support.FakeUpstreams;
import org.mintpost.gateway.support.Http;
import org.mintpost.gateway.support.OwnRedisResource;
import org.mintpost.gateway.support.SmtpTlsResource;
import org.mintpost.gateway.support.TestTokens;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.KafkaResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * A gateway just started, with the production Redis deadline (250 ms), gets a burst of 100 sends with
 * Idempotency-Keys at once (each needs Redis: a 503 means the breaker opened or a call missed its deadline).
 * It must all be accepted. On a cold JVM the burst's rate-limit calls miss their deadline while the event loops
 * are busy with the burst itself, and the breaker opens on a healthy Redis; filling the Redis pool at start is not
 * enough. Disabled until the edge warms its send path or the breaker's window fits a cold start: the closing note
 * of issue #29's session says what was tried.
 */
@Disabled("the cold-start breaker opening on a healthy Redis is not fixed (issue #29, see its closing note)")
@QuarkusTest
@TestProfile(RedisColdStartTest.ProductionDeadline.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(JwtKeysResource.class)
@WithTestResource(FakeUpstreams.class)
@WithTestResource(SmtpTlsResource.class)
@WithTestResource(OwnRedisResource.class)
class RedisColdStartTest {

    public static class ProductionDeadline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mintpost.redis.timeout", "250ms",
                    "mintpost.rate-limit.per-token-per-second", "100000",
                    "mintpost.rate-limit.per-project-per-second", "100000");
        }
    }

    @Test
    void aBurstRightAfterStartFindsTheBreakerClosed() throws Exception {
        Http.awaitReady();
        given().get("/q/health/ready").then().statusCode(200);
        TestTokens.Issued issued = TestTokens.project();
        Http.awaitProjectToken(issued.token());
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String url = "http://127.0.0.1:" + RestAssured.port + "/v1/send";
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            answers.add(client.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("x-lettermint-token", issued.token())
                    .header("Idempotency-Key", "cold-" + i + "-" + UUID.randomUUID())
                    .POST(HttpRequest.BodyPublishers.ofString(Http.simpleBody("cold-" + i))).build(),
                    HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode));
        }
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (CompletableFuture<Integer> answer : answers) {
            statuses.merge(answer.get(), 1, Integer::sum);
        }
        assertEquals(Map.of(202, 100), statuses, "every send of the first burst accepted");
        assertEquals("closed", RedisOutageTest.breaker());
    }
}
