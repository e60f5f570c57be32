package org.mintpost.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.TokenUsed;
import org.mintpost.contracts.kafka.TokenUsedDeserializer;
import org.mintpost.contracts.token.TokenFormat;
import org.mintpost.gateway.support.Http;
import org.mintpost.gateway.support.TestTokens;
import org.mintpost.gateway.support.TopicTail;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.KafkaResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/** Tight rate limits and upstreams that are down: 429s with their headers, 502/503 JSON, never a 500. */
@QuarkusTest
@TestProfile(DegradedTest.Profile.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(JwtKeysResource.class)
class DegradedTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mintpost.token-service.url", "http://127.0.0.1:1",
                    "mintpost.audit-service.url", "http://127.0.0.1:1",
                    "mintpost.rate-limit.per-token-per-second", "5",
                    "mintpost.rate-limit.per-project-per-second", "8");
        }
    }

    @BeforeEach
    void ready() {
        Http.awaitReady();
    }

    @Test
    void perTokenLimitAnswers429WithItsHeadersAndIsRecorded() {
        TestTokens.Issued issued = TestTokens.project();
        Http.awaitProjectToken(issued.token());
        try (TopicTail<TokenUsed> usage = new TopicTail<>(Topics.TOKEN_USAGE, new TokenUsedDeserializer())) {
            List<Response> answers = new ArrayList<>();
            for (int i = 0; i < 40 && answers.stream().noneMatch(r -> r.statusCode() == 429); i++) {
                answers.add(Http.withToken(issued.token()).body(Http.simpleBody("burst")).post("/v1/send"));
            }
            Response limited = answers.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow(
                    () -> new AssertionError("no 429 in 40 requests at 5/s"));
            limited.then().body("error", equalTo("rate_limited"))
                    .header("Retry-After", notNullValue())
                    .header("X-RateLimit-Limit", equalTo("5"))
                    .header("X-RateLimit-Remaining", equalTo("0"));
            answers.stream().filter(r -> r.statusCode() == 202).findFirst().orElseThrow()
                    .then().header("X-RateLimit-Limit", equalTo("5"));
            assertTrue(answers.stream().allMatch(r -> r.statusCode() == 202 || r.statusCode() == 429));
            List<ConsumerRecord<String, TokenUsed>> refused = usage.await(
                    r -> issued.id().equals(r.value().tokenId()) && "rate_limited".equals(r.value().reason()), 1,
                    Duration.ofSeconds(5));
            assertTrue(!refused.isEmpty(), "rate-limited uses are recorded");
        }
    }

    @Test
    void perProjectLimitHoldsOverTokens() {
        TestTokens.Issued a = TestTokens.project();
        String tokenB = TokenFormat.newProjectToken();
        TestTokens.Issued sameProject = TestTokens.publish(tokenB,
                TestTokens.projectState(tokenB, a.projectId(), List.of(), null));
        Http.awaitProjectToken(a.token());
        Http.awaitProjectToken(sameProject.token());
        int accepted = 0;
        long firstWindow = System.currentTimeMillis() / 1000;
        for (int round = 0; round < 2; round++) {
            for (String token : List.of(a.token(), sameProject.token())) {
                for (int i = 0; i < 5; i++) {
                    if (Http.withToken(token).body(Http.simpleBody("p")).post("/v1/send").statusCode() == 202) {
                        accepted++;
                    }
                }
            }
        }
        long windows = System.currentTimeMillis() / 1000 - firstWindow + 1;
        assertTrue(accepted <= 8 * windows, "20 sends over " + windows + " windows of 8: " + accepted + " accepted");
        if (windows <= 2) {
            assertTrue(accepted < 20, "the project limit refused some of the two tokens' sends");
        }
    }

    @Test
    void upstreamDownIsA502AndAnUncheckableTokenA503() {
        TestTokens.Issued team = TestTokens.team(List.of("projects:read"));
        Http.awaitProjectToken(TestTokens.project().token());
        given().header("Authorization", "Bearer " + team.token()).get("/v1/projects")
                .then().statusCode(502).body("error", equalTo("upstream_unavailable"));
        given().header("Authorization", "Bearer " + team.token()).get("/v1/messages/m1")
                .then().statusCode(502).body("error", equalTo("upstream_unavailable"));
        // a well-formed token nobody knows yet: token-service must be asked, and cannot be
        Http.withToken(TokenFormat.newProjectToken()).body(Http.simpleBody("x")).post("/v1/send")
                .then().statusCode(503).body("error", equalTo("unavailable")).header("Retry-After", notNullValue());
        given().header("x-lettermint-token", TokenFormat.newProjectToken()).get("/v1/ping")
                .then().statusCode(503).body("error", equalTo("unavailable"));
        assertEquals(401, Http.withToken("lm_bad").body("{}").post("/v1/send").statusCode(),
                "a malformed token needs no lookup");
    }
}
