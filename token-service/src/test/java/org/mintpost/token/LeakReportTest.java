package org.mintpost.token;

import static org.mintpost.testing.GithubScanning.p256;
import static org.mintpost.testing.GithubScanning.sign;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.contracts.token.TokenFormat;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.PostgresResource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Leak reports (issue #25): GitHub's signed partner format and the generic form; every bad input changes nothing. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "mintpost_tokens_test"))
@QuarkusTestResource(TestKafka.class)
@QuarkusTestResource(JwtKeysResource.class)
class LeakReportTest {

    static final String KEY_ID = "test-key-1";
    static final ObjectMapper JSON = new ObjectMapper();
    static KeyPair key;
    static KeyPair stranger;

    @TestHTTPResource("/v1/secret-scanning/github")
    URI scanning;

    @BeforeAll
    static void publishKeys() throws Exception {
        key = p256();
        stranger = p256();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(key.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        String doc = JSON.writeValueAsString(Map.of("public_keys",
                List.of(Map.of("key_identifier", KEY_ID, "key", pem, "is_current", true))));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/secret-scanning-keys.json"), doc);
    }

    @Test
    void liveTokensOfEachKindAreRevokedAsLeakedAndTheRestAreFalsePositives() throws Exception {
        TestApi api = TestApi.newTeam();
        String projectId = api.newProject("Leaky").get("id");
        Map<String, String> project = api.newProjectToken(projectId, Map.of("name", "ci"));
        var team = api.request().body(Map.of("name", "deployer", "permissions", List.of("projects:read")))
                .post("/v1/team/tokens").then().statusCode(201).extract().jsonPath();
        String teamSecret = team.getString("token");
        String broken = project.get("token").substring(0, project.get("token").length() - 1) + "x";
        try (TokenChangesProbe changes = new TokenChangesProbe()) {
            String body = JSON.writeValueAsString(List.of(
                    entry(project.get("token"), "https://github.com/o/r/blob/abc/.env", "commit"),
                    entry(teamSecret, "https://gist.github.com/o/123", "gist"),
                    entry("lm_notARealTokenAtAllxxxxxxxxxxxxx", "https://github.com/o/r", "content"),
                    entry(broken, "https://github.com/o/r", "content")));
            signed(body, key).statusCode(200)
                    .body("[0].token_raw", equalTo(project.get("token")))
                    .body("[0].token_type", equalTo("mintpost_project_token"))
                    .body("[0].label", equalTo("true_positive"))
                    .body("[1].label", equalTo("true_positive"))
                    .body("[2].label", equalTo("false_positive"))
                    .body("[3].label", equalTo("false_positive"));
            // published before the call returned: the records are on the topic now
            TokenChanged leaked = changes.await(e -> e.tokenId().equals(project.get("id"))
                    && TokenChanged.STATUS_REVOKED.equals(e.status()), Duration.ofSeconds(5)).value();
            assertEquals(TokenChanged.REASON_LEAKED, leaked.reason());
            assertEquals("https://github.com/o/r/blob/abc/.env", leaked.details().get(TokenChanged.DETAIL_URL));
            assertEquals("commit", leaked.details().get(TokenChanged.DETAIL_SOURCE));
            assertEquals("github_secret_scanning", leaked.actor());
            TokenChanged teamLeaked = changes.await(e -> e.tokenId().equals(team.getString("data.id"))
                    && TokenChanged.STATUS_REVOKED.equals(e.status()), Duration.ofSeconds(5)).value();
            assertEquals("gist", teamLeaked.details().get(TokenChanged.DETAIL_SOURCE));
        }
        ProjectTokenLifecycleTest.lookup(project.get("token")).statusCode(200).body("status", equalTo("revoked"));
        ProjectTokenLifecycleTest.lookup(teamSecret).statusCode(200).body("status", equalTo("revoked"));
        api.request().get("/v1/projects/" + projectId + "/tokens").then().statusCode(200)
                .body("data.find { it.id == '" + project.get("id") + "' }.revoked_reason", equalTo("leaked"))
                .body("data.find { it.id == '" + project.get("id") + "' }.leak_url",
                        equalTo("https://github.com/o/r/blob/abc/.env"));
        // a second report of the revoked token: false_positive, and it stays revoked
        signed(JSON.writeValueAsString(List.of(entry(project.get("token"), "https://x", "commit"))), key)
                .statusCode(200).body("[0].label", equalTo("false_positive"));
        ProjectTokenLifecycleTest.lookup(project.get("token")).statusCode(200).body("status", equalTo("revoked"));
    }

    @Test
    void badSignaturesAreRefusedAndChangeNothing() throws Exception {
        TestApi api = TestApi.newTeam();
        String projectId = api.newProject("Guarded").get("id");
        Map<String, String> token = api.newProjectToken(projectId, Map.of("name", "prod"));
        String body = JSON.writeValueAsString(List.of(entry(token.get("token"), "https://x", "commit")));
        // unsigned
        given().contentType(ContentType.JSON).body(body).post("/v1/secret-scanning/github").then().statusCode(401)
                .body("error", equalTo("invalid_signature"));
        // signature without key id, key id without signature
        given().contentType(ContentType.JSON).header("Github-Public-Key-Signature", sign(body, key)).body(body)
                .post("/v1/secret-scanning/github").then().statusCode(401);
        given().contentType(ContentType.JSON).header("Github-Public-Key-Identifier", KEY_ID).body(body)
                .post("/v1/secret-scanning/github").then().statusCode(401);
        // unknown key id
        given().contentType(ContentType.JSON).header("Github-Public-Key-Identifier", "nobody")
                .header("Github-Public-Key-Signature", sign(body, key)).body(body)
                .post("/v1/secret-scanning/github").then().statusCode(401);
        // signed by another key under our key's id
        signed(body, stranger).statusCode(401);
        // a valid signature of another body
        given().contentType(ContentType.JSON).header("Github-Public-Key-Identifier", KEY_ID)
                .header("Github-Public-Key-Signature", sign("[]", key)).body(body)
                .post("/v1/secret-scanning/github").then().statusCode(401);
        // garbage signature
        given().contentType(ContentType.JSON).header("Github-Public-Key-Identifier", KEY_ID)
                .header("Github-Public-Key-Signature", "not base64 at all!").body(body)
                .post("/v1/secret-scanning/github").then().statusCode(401);
        ProjectTokenLifecycleTest.lookup(token.get("token")).statusCode(200).body("status", equalTo("active"));
    }

    @Test
    void malformedOversizedAndReplayedRequestsRevokeNothing() throws Exception {
        TestApi api = TestApi.newTeam();
        String projectId = api.newProject("Robust").get("id");
        Map<String, String> token = api.newProjectToken(projectId, Map.of("name", "prod"));
        String live = token.get("token");
        for (String bad : List.of("not json", "{\"token\":\"" + live + "\"}", "[{\"type\":\"x\"}]",
                "[{\"token\":12}]", "[\"" + live + "\"]", "[{\"token\":\"" + live + "\",\"url\":[1]}]")) {
            signed(bad, key).statusCode(422).body("errors", notNullValue());
        }
        List<Map<String, String>> many = new ArrayList<>();
        many.add(entry(live, "https://x", "commit"));
        for (int i = 0; i < 1000; i++) {
            many.add(entry(TokenFormat.newProjectToken(), "https://x", "commit"));
        }
        signed(JSON.writeValueAsString(many), key).statusCode(422);
        String huge = "[{\"token\":\"" + live + "\",\"url\":\"" + "u".repeat(1_100_000) + "\"}]";
        signed(huge, key).statusCode(413);
        ProjectTokenLifecycleTest.lookup(live).statusCode(200).body("status", equalTo("active"));

        // a replay of a handled request is refused (the original's revocation stands, nothing more happens)
        Map<String, String> other = api.newProjectToken(projectId, Map.of("name", "staging"));
        String body = JSON.writeValueAsString(List.of(entry(TokenFormat.newProjectToken(), "https://x", "commit")));
        String signature = sign(body, key);
        signedWith(body, signature).statusCode(200).body("[0].label", equalTo("false_positive"));
        signedWith(body, signature).statusCode(409).body("error", equalTo("replayed_request"));
        ProjectTokenLifecycleTest.lookup(other.get("token")).statusCode(200).body("status", equalTo("active"));
    }

    @Test
    void deepNestingUnsizedBodiesAndReplaysRevokeNothing() throws Exception {
        TestApi api = TestApi.newTeam();
        String projectId = api.newProject("Replayed").get("id");
        String live = api.newProjectToken(projectId, Map.of("name", "prod")).get("token");
        // an array nested deeper than the parser allows, a null entry, an entry with two tokens in one field
        String deep = "[".repeat(5_000) + "{\"token\":\"" + live + "\"}" + "]".repeat(5_000);
        for (String bad : List.of(deep, "[null]", "[{\"token\":{\"token\":\"" + live + "\"}}]")) {
            signed(bad, key).statusCode(422);
        }
        // a huge body streamed without a Content-Length
        String huge = "[{\"token\":\"" + live + "\",\"url\":\"" + "u".repeat(1_100_000) + "\"}]";
        byte[] bytes = huge.getBytes(StandardCharsets.UTF_8);
        HttpResponse<Void> unsized = HttpClient.newHttpClient().send(HttpRequest.newBuilder(scanning)
                .header("Content-Type", "application/json").header("Github-Public-Key-Identifier", KEY_ID)
                .header("Github-Public-Key-Signature", sign(huge, key))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(413, unsized.statusCode());
        ProjectTokenLifecycleTest.lookup(live).statusCode(200).body("status", equalTo("active"));

        // one request naming a live token, sent twice at once: one revokes it, the other is a replay (409); the
        // same body signed afresh (ECDSA signatures differ each time) is still the same request
        Map<String, String> reported = api.newProjectToken(projectId, Map.of("name", "staging"));
        String body = JSON.writeValueAsString(List.of(entry(reported.get("token"), "https://x", "commit")));
        String signature = sign(body, key);
        ExecutorService twice = Executors.newFixedThreadPool(2);
        try {
            Future<ValidatableResponse> a = twice.submit(() -> signedWith(body, signature));
            Future<ValidatableResponse> b = twice.submit(() -> signedWith(body, signature));
            List<ValidatableResponse> answers = List.of(a.get(), b.get());
            assertEquals(List.of(200, 409), answers.stream().map(r -> r.extract().statusCode()).sorted().toList());
            for (ValidatableResponse answer : answers) {
                if (answer.extract().statusCode() == 200) {
                    answer.body("[0].label", equalTo("true_positive"));
                } else {
                    answer.body("error", equalTo("replayed_request"));
                }
            }
        } finally {
            twice.shutdownNow();
        }
        signed(body, key).statusCode(409).body("error", equalTo("replayed_request"));
        ProjectTokenLifecycleTest.lookup(reported.get("token")).statusCode(200).body("status", equalTo("revoked"));
        ProjectTokenLifecycleTest.lookup(live).statusCode(200).body("status", equalTo("active"));
    }

    @Test
    void theGenericFormRevokesSaysNothingAndIsRateLimitedPerAddress() {
        TestApi api = TestApi.newTeam();
        String projectId = api.newProject("Reported").get("id");
        Map<String, String> token = api.newProjectToken(projectId, Map.of("name", "prod"));
        String ip = "198.51.100." + (int) (Math.random() * 200 + 1);
        String answer = report(ip, Map.of("token", token.get("token"), "url", "https://pastebin.example/x"))
                .statusCode(202).extract().path("message");
        ProjectTokenLifecycleTest.lookup(token.get("token")).statusCode(200).body("status", equalTo("revoked"));
        String random = report(ip, Map.of("token", "lm_whatever")).statusCode(202).extract().path("message");
        assertEquals(answer, random);
        report(ip, Map.of("url", "https://x")).statusCode(422).body("errors.token", notNullValue());
        report(ip, Map.of("token", "x".repeat(201))).statusCode(422);
        // a team token may report too (it is recorded as the actor)
        Map<String, String> second = api.newProjectToken(projectId, Map.of("name", "staging"));
        api.request().header("X-Forwarded-For", ip).body(Map.of("token", second.get("token")))
                .post("/v1/tokens/report-leak").then().statusCode(202);
        int status = 0;
        for (int i = 0; i < 12 && status != 429; i++) {
            ValidatableResponse r = report(ip, Map.of("token", "lm_x"));
            status = r.extract().statusCode();
            if (status == 429) {
                r.header("Retry-After", notNullValue());
            }
        }
        assertEquals(429, status);
        // another address is not limited by the first one's reports
        report(ip + "1", Map.of("token", "lm_x")).statusCode(202);
        assertTrue(answer.length() > 0);
    }

    @Test
    void malformedReportsAreRefusedWithA4xxAndRevokeNothing() throws Exception {
        TestApi api = TestApi.newTeam();
        String projectId = api.newProject("Malformed reports").get("id");
        String live = api.newProjectToken(projectId, Map.of("name", "prod")).get("token");
        String ip = "203.0.113." + (int) (Math.random() * 200 + 1);
        for (String bad : List.of("not json", "[\"" + live + "\"]", "\"" + live + "\"", "{\"token\":12}",
                "{\"token\":[\"" + live + "\"]}", "{\"token\":\"" + live + "\",\"url\":{}}")) {
            int status = given().contentType(ContentType.JSON).header("X-Forwarded-For", ip).body(bad)
                    .post("/v1/tokens/report-leak").then().extract().statusCode();
            assertTrue(status == 400 || status == 422, bad + " answered " + status);
        }
        ProjectTokenLifecycleTest.lookup(live).statusCode(200).body("status", equalTo("active"));
        // a signed partner request in another content type, or whose body is no UTF-8 JSON: 4xx, nothing revoked
        String body = JSON.writeValueAsString(List.of(entry(live, "https://x", "commit")));
        int plain = given().contentType("text/plain").header("Github-Public-Key-Identifier", KEY_ID)
                .header("Github-Public-Key-Signature", sign(body, key)).body(body.getBytes(StandardCharsets.UTF_8))
                .post("/v1/secret-scanning/github").then().extract().statusCode();
        assertTrue(plain == 200 || plain == 415, "text/plain answered " + plain);
        byte[] binary = {(byte) 0xff, (byte) 0xfe, 0x00, 0x5b};
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(key.getPrivate());
        s.update(binary);
        given().contentType(ContentType.JSON).header("Github-Public-Key-Identifier", KEY_ID)
                .header("Github-Public-Key-Signature", Base64.getEncoder().encodeToString(s.sign())).body(binary)
                .post("/v1/secret-scanning/github").then().statusCode(422);
        if (plain == 415) {
            ProjectTokenLifecycleTest.lookup(live).statusCode(200).body("status", equalTo("active"));
        }
    }

    static ValidatableResponse report(String ip, Map<String, ?> body) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", ip).body(body)
                .post("/v1/tokens/report-leak").then();
    }

    static Map<String, String> entry(String token, String url, String source) {
        String type = token.startsWith("lm_team_") ? "mintpost_team_token" : "mintpost_project_token";
        return Map.of("token", token, "type", type, "url", url, "source", source);
    }

    static ValidatableResponse signed(String body, KeyPair signer) throws Exception {
        return signedWith(body, sign(body, signer));
    }

    static ValidatableResponse signedWith(String body, String signature) {
        return given().contentType(ContentType.JSON).header("Github-Public-Key-Identifier", KEY_ID)
                .header("Github-Public-Key-Signature", signature).body(body.getBytes(StandardCharsets.UTF_8))
                .post("/v1/secret-scanning/github").then();
    }
}
