package org.mintpost.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.contracts.event.TokenUsed;
import org.mintpost.contracts.kafka.SendJobDeserializer;
import org.mintpost.contracts.kafka.TokenUsedDeserializer;
import org.mintpost.contracts.token.TokenFormat;
import org.mintpost.gateway.support.GatewayTest;
import org.mintpost.gateway.support.Http;
import org.mintpost.gateway.support.TestTokens;
import org.mintpost.gateway.support.TopicTail;

import io.restassured.response.Response;

@GatewayTest
class SendApiTest {

    @BeforeEach
    void ready() {
        Http.awaitReady();
    }

    @Test
    void pingAnswersPongAsTextForProjectAndTeamTokensWhateverTheAcceptHeader() {
        TestTokens.Issued project = TestTokens.project();
        TestTokens.Issued team = TestTokens.team(List.of("projects:read"));
        Http.awaitProjectToken(project.token());
        given().header("x-lettermint-token", project.token()).accept("application/json").get("/v1/ping")
                .then().statusCode(200).body(equalTo("pong"));
        given().header("Authorization", "Bearer " + team.token()).accept("application/json").get("/v1/ping")
                .then().statusCode(200).body(equalTo("pong"));
        given().accept("application/json").get("/v1/ping")
                .then().statusCode(401).contentType("application/json").body("error", equalTo("unauthenticated"));
        given().header("x-lettermint-token", "lm_notatoken").get("/v1/ping")
                .then().statusCode(401).body("error", equalTo("unauthenticated"));
    }

    @Test
    void acceptedSendIsOnSendJobsBeforeTheAnswerAndItsUseIsRecorded() {
        TestTokens.Issued issued = TestTokens.project();
        Http.awaitProjectToken(issued.token());
        try (TopicTail<SendJob> jobs = new TopicTail<>(Topics.SEND_JOBS, new SendJobDeserializer());
             TopicTail<TokenUsed> usage = new TopicTail<>(Topics.TOKEN_USAGE, new TokenUsedDeserializer())) {
            Response response = Http.withToken(issued.token()).header("User-Agent", "send-test/1.0")
                    .body("""
                            {"from":"Team <team@example.com>","to":["a@example.org","Bob Example <bob@example.org>"],
                             "cc":["c@example.org"],"subject":"Hi","html":"<p>Hello</p>","text":"Hello",
                             "headers":{"X-Custom":"1","Message-ID":"<dropped@example.com>"},
                             "metadata":{"order":"42"},"tags":[{"name":"kind","value":"welcome"}],
                             "settings":{"track_opens":true,"tls":"enforced"},
                             "attachments":[{"filename":"a.txt","content":"aGVsbG8=","content_type":"text/plain"}]}
                            """)
                    .post("/v1/send");
            response.then().statusCode(202)
                    .body("message_id", matchesPattern("[0-9a-f-]{36}"))
                    .body("status", equalTo("pending"))
                    .body("delivery_mode", equalTo("live"))
                    .body("$", hasKey("sandbox_result"))
                    .body("sandbox_result", nullValue());
            String messageId = response.path("message_id");
            ConsumerRecord<String, SendJob> record = jobs.await(r -> r.value().messageId().equals(messageId), 1,
                    Duration.ofSeconds(5)).get(0);
            SendJob job = record.value();
            assertEquals(issued.projectId(), record.key());
            assertEquals("api", job.channel());
            assertEquals(0, job.attempt());
            assertEquals(issued.id(), job.tokenId());
            assertEquals("team-1", job.teamId());
            assertEquals("Team <team@example.com>", job.content().from());
            assertEquals(List.of("a@example.org", "Bob Example <bob@example.org>"), job.content().to());
            assertEquals(Map.of("X-Custom", "1"), job.content().headers());
            assertEquals(Map.of("order", "42"), job.content().metadata());
            assertEquals("enforced", job.content().settings().tls());
            assertEquals("aGVsbG8=", job.content().attachments().get(0).content());
            assertNull(job.rawMime());

            TokenUsed used = usage.await(r -> messageId.equals(r.value().messageIds().isEmpty() ? null
                    : r.value().messageIds().get(0)), 1, Duration.ofSeconds(5)).get(0).value();
            assertEquals("accepted", used.outcome());
            assertEquals(issued.id(), used.tokenId());
            assertEquals("127.0.0.1", used.ip());
            assertEquals("send-test/1.0", used.userAgent());
            assertEquals("POST /v1/send", used.endpoint());
            assertEquals(TokenFormat.display(issued.token()), used.tokenDisplay());
            assertTrue(!used.toString().contains(issued.token()), "the secret never reaches an event");
        }
    }

    @Test
    void scheduledSendsAnswerScheduledAndCarryTheTime() {
        TestTokens.Issued issued = TestTokens.project();
        Http.awaitProjectToken(issued.token());
        Instant at = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        try (TopicTail<SendJob> jobs = new TopicTail<>(Topics.SEND_JOBS, new SendJobDeserializer())) {
            Response response = Http.withToken(issued.token()).body("""
                    {"from":"a@example.com","to":["b@example.org"],"subject":"Later","text":"Hello later",
                     "scheduled_at":"%s"}""".formatted(at.toString())).post("/v1/send");
            response.then().statusCode(202).body("status", equalTo("scheduled"))
                    .body("scheduled_at", notNullValue());
            String id = response.path("message_id");
            SendJob job = jobs.await(r -> r.value().messageId().equals(id), 1, Duration.ofSeconds(5)).get(0).value();
            assertEquals(at, job.scheduledAt());
            assertEquals(at, job.content().scheduledAt());
        }
    }

    @Test
    void anEnglishTimeIsReadAsLettermintReadsIt() {
        TestTokens.Issued issued = TestTokens.project();
        Http.awaitProjectToken(issued.token());
        Instant tomorrowAtNine = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1).atTime(9, 0)
                .toInstant(java.time.ZoneOffset.UTC);
        try (TopicTail<SendJob> jobs = new TopicTail<>(Topics.SEND_JOBS, new SendJobDeserializer())) {
            Response response = Http.withToken(issued.token()).body("""
                    {"from":"a@example.com","to":["b@example.org"],"subject":"Later","text":"Hello later",
                     "scheduled_at":"tomorrow at 9am"}""").post("/v1/send");
            response.then().statusCode(202).body("status", equalTo("scheduled"));
            String id = response.path("message_id");
            SendJob job = jobs.await(r -> r.value().messageId().equals(id), 1, Duration.ofSeconds(5)).get(0).value();
            assertEquals(tomorrowAtNine, job.scheduledAt());
        }
        Http.withToken(issued.token()).body("""
                {"from":"a@example.com","to":["b@example.org"],"subject":"Later","text":"Hello later",
                 "scheduled_at":"someday"}""").post("/v1/send").then().statusCode(422)
                .body("errors.scheduled_at[0]", containsString("tomorrow at 9am"));
    }

    @Test
    void refusedTokensGetTheRightStatusAndAreRecordedWithTheirReason() {
        TestTokens.Issued expired = TestTokens.project(List.of(), Instant.now().minusSeconds(5));
        TestTokens.Issued ipBound = TestTokens.project(List.of("10.0.0.0/8", "2001:db8::/32"), null);
        TestTokens.Issued team = TestTokens.team(List.of("projects:read"));
        TestTokens.Issued ok = TestTokens.project();
        Http.awaitProjectToken(ok.token());
        try (TopicTail<TokenUsed> usage = new TopicTail<>(Topics.TOKEN_USAGE, new TokenUsedDeserializer())) {
            Http.withToken(expired.token()).body(Http.simpleBody("x")).post("/v1/send")
                    .then().statusCode(401).body("error", equalTo("unauthenticated"));
            Http.withToken(ipBound.token()).body(Http.simpleBody("x")).post("/v1/send")
                    .then().statusCode(403).body("error", equalTo("forbidden"));
            Http.withToken(team.token()).body(Http.simpleBody("x")).post("/v1/send")
                    .then().statusCode(403).body("error", equalTo("forbidden"));
            Http.withToken("lm_" + "A".repeat(32)).body(Http.simpleBody("x")).post("/v1/send")
                    .then().statusCode(401).body("error", equalTo("unauthenticated"));
            given().contentType("application/json").body(Http.simpleBody("x")).post("/v1/send")
                    .then().statusCode(401).body("error", equalTo("unauthenticated"));
            assertReason(usage, expired.id(), "expired");
            assertReason(usage, ipBound.id(), "ip_denied");
            assertReason(usage, team.id(), "forbidden");
            List<ConsumerRecord<String, TokenUsed>> malformed = usage.await(
                    r -> "malformed".equals(r.value().reason()), 1, Duration.ofSeconds(5));
            assertTrue(!malformed.isEmpty());
            assertEquals("unknown", malformed.get(0).key());
        }
    }

    @Test
    void revokedTokenIsRefusedRightAfterTheRevocationIsOnKafka() {
        TestTokens.Issued issued = TestTokens.project();
        Http.awaitProjectToken(issued.token());
        Http.withToken(issued.token()).body(Http.simpleBody("before")).post("/v1/send").then().statusCode(202);
        TestTokens.revoke(issued);
        long acked = System.nanoTime();
        while (Http.withToken(issued.token()).body(Http.simpleBody("after")).post("/v1/send").statusCode() != 401) {
            assertTrue(System.nanoTime() - acked < Duration.ofSeconds(2).toNanos(), "revocation not applied in 2 s");
        }
        long millis = Duration.ofNanos(System.nanoTime() - acked).toMillis();
        assertTrue(millis < 1_000, "revocation took " + millis + " ms");
        Http.withToken(issued.token()).body(Http.simpleBody("after")).post("/v1/send")
                .then().statusCode(401).body("message", containsString("revoked"));
    }

    @Test
    void regenerationKillsTheOldSecretUnlessAGraceIsGiven() {
        TestTokens.Issued first = TestTokens.project();
        Http.awaitProjectToken(first.token());
        TestTokens.Issued second = TestTokens.regenerate(first, Instant.now().plusSeconds(60));
        Http.awaitProjectToken(second.token());
        Http.withToken(first.token()).body(Http.simpleBody("grace")).post("/v1/send").then().statusCode(202);
        TestTokens.Issued third = TestTokens.regenerate(second, null);
        Http.awaitProjectToken(third.token());
        Http.withToken(second.token()).body(Http.simpleBody("old")).post("/v1/send").then().statusCode(401);
        Http.withToken(first.token()).body(Http.simpleBody("older")).post("/v1/send").then().statusCode(401);
        Http.withToken(third.token()).body(Http.simpleBody("new")).post("/v1/send").then().statusCode(202);
    }

    @Test
    void cacheMissAsksTokenServiceOnceAndUnknownTokensAreNegativelyCached() {
        String token = TokenFormat.newProjectToken();
        String hash = TokenFormat.sha256Hex(token);
        String fake = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("mintpost.token-service.url", String.class);
        int before = given().baseUri(fake).get("/_fake/lookups").path("count");
        // unknown everywhere: one lookup, then answered from the negative cache
        for (int i = 0; i < 5; i++) {
            Http.withToken(token).body(Http.simpleBody("x")).post("/v1/send").then().statusCode(401);
        }
        int afterUnknown = given().baseUri(fake).get("/_fake/lookups").path("count");
        assertEquals(before + 1, afterUnknown);

        // known only to token-service (created a moment ago): works at once through the lookup
        String fresh = TokenFormat.newProjectToken();
        given().baseUri(fake).body(org.mintpost.contracts.kafka.EventJson.MAPPER.valueToTree(
                TestTokens.projectState(fresh, "prj-lookup", List.of(), null)).toString())
                .put("/_fake/tokens/" + TokenFormat.sha256Hex(fresh)).then().statusCode(204);
        Http.withToken(fresh).body(Http.simpleBody("fresh")).post("/v1/send").then().statusCode(202);
        Http.withToken(fresh).body(Http.simpleBody("fresh")).post("/v1/send").then().statusCode(202);
        int afterFresh = given().baseUri(fake).get("/_fake/lookups").path("count");
        assertEquals(afterUnknown + 1, afterFresh, "the looked-up state is cached");
        assertNotNull(hash);
    }

    @Test
    void badBodiesGetFourHundredsNeverFiveHundreds() {
        TestTokens.Issued issued = TestTokens.project();
        Http.awaitProjectToken(issued.token());
        Http.withToken(issued.token()).body("{not json").post("/v1/send")
                .then().statusCode(400).body("error", equalTo("invalid_json"));
        Http.withToken(issued.token()).body("").post("/v1/send")
                .then().statusCode(400).body("error", equalTo("invalid_json"));
        Http.withToken(issued.token()).body("{\"from\":1,\"to\":\"x@example.org\",\"subject\":[],\"text\":{}}")
                .post("/v1/send")
                .then().statusCode(422).body("error", equalTo("validation_error"))
                .body("errors", hasKey("from")).body("errors", hasKey("to")).body("errors", hasKey("subject"))
                .body("errors", hasKey("text"));
        Http.withToken(issued.token()).header("Idempotency-Key", "x".repeat(256)).body(Http.simpleBody("x"))
                .post("/v1/send").then().statusCode(422);
    }

    @Test
    void batchIsAllOrNothingWithIndexedErrors() {
        TestTokens.Issued issued = TestTokens.project();
        Http.awaitProjectToken(issued.token());
        String good = Http.simpleBody("one").trim();
        String bad = "{\"from\":\"a@example.com\",\"to\":[\"not an address\"],\"subject\":\"x\",\"text\":\"hello\"}";
        try (TopicTail<SendJob> jobs = new TopicTail<>(Topics.SEND_JOBS, new SendJobDeserializer())) {
            Http.withToken(issued.token()).body("[" + good + "," + bad + "]").post("/v1/send/batch")
                    .then().statusCode(422).body("errors", hasKey("1.to.0"));
            Response ok = Http.withToken(issued.token()).body("[" + good + "," + good + "]").post("/v1/send/batch");
            ok.then().statusCode(202).body("$", hasSize(2)).body("[0].status", equalTo("pending"));
            List<String> ids = ok.path("message_id");
            List<ConsumerRecord<String, SendJob>> seen = jobs.collect(
                    r -> r.value().projectId().equals(issued.projectId()), Duration.ofSeconds(2));
            assertEquals(ids, seen.stream().map(r -> r.value().messageId()).toList(),
                    "only the accepted batch is queued, in order");
            Http.withToken(issued.token()).body("[]").post("/v1/send/batch").then().statusCode(422);
            Http.withToken(issued.token()).body("{}").post("/v1/send/batch").then().statusCode(422);
        }
    }

    private static void assertReason(TopicTail<TokenUsed> usage, String tokenId, String reason) {
        List<ConsumerRecord<String, TokenUsed>> hits = usage.await(
                r -> tokenId.equals(r.value().tokenId()), 1, Duration.ofSeconds(5));
        assertTrue(!hits.isEmpty(), "no usage event for " + reason);
        assertEquals("refused", hits.get(0).value().outcome());
        assertEquals(reason, hits.get(0).value().reason());
        assertEquals(tokenId, hits.get(0).key());
    }
}
