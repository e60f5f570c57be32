package org.mintpost.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mintpost.system.GithubScanner.entry;
import static org.mintpost.testing.GithubScanning.p256;
import static org.mintpost.testing.GithubScanning.sign;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.mintpost.contracts.token.TokenFormat;
import org.mintpost.testing.JwtKeys;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Leaked and forgotten tokens (issue #25) end to end, against the packaged suite with two gateways: a request
 * signed with the suite's own P-256 key (published in the keys file token-service is configured with) reports a
 * live project token, a live team token and strings that are no live token; both tokens are refused at both
 * gateways within 100 ms of the answer (the team token by the Team API, which the edge guards), their logs say
 * {@code leaked} with the reported URL and source, the rest are {@code false_positive}. Bad signatures, a wrong key
 * id, 1,001 entries, malformed or deeply nested arrays, huge bodies (sized or not) and replays are 4xx and change
 * nothing; the generic report form is rate-limited per address and never un-revokes, regenerates or reveals. Then
 * the inactive filter and the auto-revoke job, with token-service's clock moved by the test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LeakedTokensEndToEndTest {

    /**
     * DESIGN §4.2 and the issue: a report returns after the revocation is acknowledged, so every gateway refuses the
     * token within 100 ms of the answer (measured from the client, so at most one round trip too long; the p50/p99
     * over many reports are LeakReportBenchmark's).
     */
    static final Duration EDGE_BOUND = Duration.ofMillis(100);
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final EdgeRefusals edge = new EdgeRefusals();

    static Suite suite;
    static Suite.Service first;
    static Suite.Service second;
    static String team;
    static String projectId;

    @BeforeAll
    static void start() throws Exception {
        suite = Suite.shared();
        first = suite.gateway();
        second = suite.anotherGateway();
        team = suite.teamToken();
        projectId = api().body(Map.of("name", "Leaks " + UUID.randomUUID())).post("/projects")
                .then().statusCode(201).extract().path("data.id");
        warmUp();
    }

    /**
     * One report before the measured ones, so that the gateways' refusal path and the report's path have run once
     * and the first measured figure is not that of a just-started JVM's first call (printed, not asserted).
     */
    static void warmUp() throws Exception {
        String projectToken = newProjectToken(projectId, "warm-up").getString("token");
        String teamToken = newTeamToken("warm-up").getString("token");
        List<EdgeRefusals.Probe> probes = probes(projectToken, teamToken);
        assertEquals(List.of(200, 200, 200, 200), edge.statuses(probes));
        String body = JSON.writeValueAsString(List.of(entry(projectToken, "https://github.com/acme/warm", "commit"),
                entry(teamToken, "https://github.com/acme/warm", "commit")));
        long called = System.nanoTime();
        GithubScanner.report(first, body, Suite.SECRET_SCANNING_KEY_ID, suite.secretScanningKey);
        long returned = System.nanoTime();
        System.out.printf("warm-up leak report (not asserted) answered in %.1f ms: %s%n", (returned - called) / 1e6,
                edge.watch(returned, probes, Duration.ofSeconds(10)));
    }

    @AfterAll
    static void resetClock() {
        edge.close();
        if (suite != null) {
            moveClock(0);
        }
    }

    @Test
    @Order(1)
    void aSignedReportRevokesLiveTokensOfEachKindAtEveryGatewayAndLogsTheLeak() throws Exception {
        JsonPath project = newProjectToken(projectId, "ci");
        String projectToken = project.getString("token");
        JsonPath teamCreated = newTeamToken("deployer");
        String teamToken = teamCreated.getString("token");
        String random = "lm_" + UUID.randomUUID().toString().replace("-", "");
        String unknown = TokenFormat.newProjectToken();
        List<EdgeRefusals.Probe> probes = probes(projectToken, teamToken);
        assertEquals(List.of(200, 200, 200, 200), edge.statuses(probes), "both tokens work at both gateways");

        String body = JSON.writeValueAsString(List.of(
                entry(projectToken, "https://github.com/acme/shop/blob/abc/.env", "commit"),
                entry(teamToken, "https://gist.github.com/acme/123", "gist"),
                entry(random, "https://github.com/acme/shop", "content"),
                entry(unknown, "https://github.com/acme/shop", "content")));
        long called = System.nanoTime();
        HttpResponse<String> answer = GithubScanner.report(first, body, Suite.SECRET_SCANNING_KEY_ID,
                suite.secretScanningKey);
        long returned = System.nanoTime();
        assertEquals(200, answer.statusCode());
        assertRefusedInTime("leak report", called, returned, probes);

        JsonPath labels = JsonPath.from(answer.body());
        assertEquals(List.of("true_positive", "true_positive", "false_positive", "false_positive"),
                labels.getList("label"));
        assertEquals(List.of(projectToken, teamToken, random, unknown), labels.getList("token_raw"));
        List<Map<String, Object>> entries = labels.getList("");
        for (Map<String, Object> e : entries) {
            assertEquals(Set.of("token_raw", "token_type", "label"), e.keySet(),
                    "the answer says no more than the partner format");
        }

        // the token's logs: a lifecycle line revoked/leaked with the reported URL, the scanner and its source
        Map<String, Object> line = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> logs(projectId, project.getString("data.id")).stream()
                        .filter(l -> "revoked".equals(l.get("outcome"))).findFirst().orElse(null), l -> l != null);
        assertEquals("leaked", line.get("reason"));
        assertEquals("https://github.com/acme/shop/blob/abc/.env", line.get("endpoint"));
        assertEquals("github_secret_scanning (commit)", line.get("actor"));
        Map<String, Object> listed = projectTokens(projectId, "").stream()
                .filter(t -> project.getString("data.id").equals(t.get("id"))).findFirst().orElseThrow();
        assertEquals("revoked", listed.get("status"));
        assertEquals("leaked", listed.get("revoked_reason"));
        assertEquals("https://github.com/acme/shop/blob/abc/.env", listed.get("leak_url"));
        assertEquals("commit", listed.get("leak_source"));
        JsonPath teamTokens = api().get("/team/tokens").then().statusCode(200).extract().jsonPath();
        String id = teamCreated.getString("data.id");
        assertEquals("revoked", teamTokens.getString("data.find { it.id == '" + id + "' }.status"));
        assertEquals("leaked", teamTokens.getString("data.find { it.id == '" + id + "' }.revoked_reason"));
        assertEquals("https://gist.github.com/acme/123",
                teamTokens.getString("data.find { it.id == '" + id + "' }.leak_url"));
        assertEquals("gist", teamTokens.getString("data.find { it.id == '" + id + "' }.leak_source"));

        // reported again: already revoked, so false_positive; it stays revoked
        String again = JSON.writeValueAsString(List.of(entry(projectToken, "https://github.com/acme/x", "commit")));
        signed(second, again, Suite.SECRET_SCANNING_KEY_ID, suite.secretScanningKey).then().statusCode(200)
                .body("[0].label", equalTo("false_positive"));
        ping(first, projectToken).then().statusCode(401);
    }

    @Test
    @Order(2)
    void badSignaturesWrongKeysOversizedMalformedAndReplayedRequestsChangeNothing() throws Exception {
        String live = newProjectToken(projectId, "guarded").getString("token");
        String body = JSON.writeValueAsString(List.of(entry(live, "https://github.com/acme/shop", "commit")));
        KeyPair stranger = p256();
        String kid = Suite.SECRET_SCANNING_KEY_ID;
        List<Integer> statuses = new ArrayList<>();
        // unsigned; signed by another key under our id; a wrong key id; the signature of another body; garbage
        statuses.add(post(first, body, null, null).statusCode());
        statuses.add(signed(first, body, kid, stranger).statusCode());
        statuses.add(post(first, body, "not-" + kid, sign(body, suite.secretScanningKey)).statusCode());
        statuses.add(post(first, body, kid, sign("[]", suite.secretScanningKey)).statusCode());
        statuses.add(post(first, body, kid, "bm90IGEgc2lnbmF0dXJl").statusCode());
        assertEquals(List.of(401, 401, 401, 401, 401), statuses);

        // correctly signed, but not what the partner format allows
        List<Map<String, String>> many = new ArrayList<>();
        many.add(entry(live, "https://github.com/acme/shop", "commit"));
        for (int i = 0; i < 1000; i++) {
            many.add(entry(TokenFormat.newProjectToken(), "https://github.com/acme/shop", "commit"));
        }
        assertEquals(422, signed(first, JSON.writeValueAsString(many), kid, suite.secretScanningKey).statusCode());
        for (String malformed : List.of("[{\"token\":\"" + live + "\"", "{\"token\":\"" + live + "\"}",
                "[\"" + live + "\"]", "[{\"token\":[\"" + live + "\"]}]", "[{\"token\":\"" + live + "\",\"url\":{}}]",
                "[null]", "")) {
            int status = signed(first, malformed, kid, suite.secretScanningKey).statusCode();
            assertTrue(status == 422 || status == 401 || status == 400, malformed + " answered " + status);
        }
        String huge = "[{\"token\":\"" + live + "\",\"url\":\"" + "u".repeat(1_100_000) + "\"}]";
        assertEquals(413, signed(first, huge, kid, suite.secretScanningKey).statusCode());
        assertEquals(413, chunked(first, huge, kid, sign(huge, suite.secretScanningKey)), "huge without a length");
        String deep = "[".repeat(5_000) + "{\"token\":\"" + live + "\"}" + "]".repeat(5_000);
        int nested = signed(first, deep, kid, suite.secretScanningKey).statusCode();
        assertTrue(nested == 422 || nested == 400, "a deeply nested array answered " + nested);

        // a handled request sent again is refused as a replay
        String harmless = JSON.writeValueAsString(List.of(entry(TokenFormat.newProjectToken(), "https://x.test",
                "commit")));
        String signature = sign(harmless, suite.secretScanningKey);
        post(first, harmless, kid, signature).then().statusCode(200).body("[0].label", equalTo("false_positive"));
        post(second, harmless, kid, signature).then().statusCode(409).body("error", equalTo("replayed_request"));
        // signed afresh (ECDSA signatures differ each time), the same body is still the same request
        signed(first, harmless, kid, suite.secretScanningKey).then().statusCode(409);

        for (Suite.Service gateway : List.of(first, second)) {
            ping(gateway, live).then().statusCode(200);
        }
    }

    @Test
    @Order(3)
    void theReportFormOnlyRevokesSaysTheSameForAnythingAndIsRateLimitedPerAddress() throws Exception {
        JsonPath created = newProjectToken(projectId, "rotated");
        String old = created.getString("token");
        String fresh = api().body(Map.of("expire_previous_in", 3600))
                .post("/projects/" + projectId + "/tokens/" + created.getString("data.id") + "/regenerate")
                .then().statusCode(200).extract().path("token");
        List<EdgeRefusals.Probe> probes = List.of(EdgeRefusals.ping("old secret at gateway 1", first, old),
                EdgeRefusals.ping("old secret at gateway 2", second, old));
        assertEquals(List.of(200, 200), edge.statuses(probes), "the old secret works in its grace");

        // the old secret, still in its grace, is reported by someone without any credential
        long called = System.nanoTime();
        HttpResponse<String> answer = reportNow(Map.of("token", old, "url", "https://pastebin.example/abc"));
        long returned = System.nanoTime();
        assertEquals(202, answer.statusCode());
        assertRefusedInTime("report form", called, returned, probes);
        String said = answer.body();
        // the current secret lives on: a report never regenerates, and the answer names nothing
        ping(second, fresh).then().statusCode(200);
        assertFalse(said.contains(fresh) || said.contains(old) || said.contains(created.getString("data.id")));
        assertEquals(said, report(Map.of("token", "lm_" + UUID.randomUUID())).then().statusCode(202)
                .extract().asString(), "the same answer whether or not it was a live token");

        // a revoked token reported again stays revoked (a report never un-revokes)
        JsonPath revoked = newProjectToken(projectId, "revoked");
        api().delete("/projects/" + projectId + "/tokens/" + revoked.getString("data.id")).then().statusCode(200);
        report(Map.of("token", revoked.getString("token"))).then().statusCode(202);
        assertEquals("revoked", projectTokens(projectId, "").stream()
                .filter(t -> revoked.getString("data.id").equals(t.get("id"))).findFirst().orElseThrow()
                .get("status"));

        // past the per-address limit: 429 with Retry-After, and a live token reported then is not revoked
        // (the limit counts per minute of the wall clock: start well inside one, so both reports share it)
        String spared = newProjectToken(projectId, "spared").getString("token");
        long intoMinute = System.currentTimeMillis() % 60_000;
        if (intoMinute > 50_000) {
            await().pollInterval(Duration.ofMillis(100)).atMost(Duration.ofSeconds(11))
                    .until(() -> System.currentTimeMillis() % 60_000 < 10_000);
        }
        int status = 0;
        for (int i = 0; i < 30 && status != 429; i++) {
            status = report(Map.of("token", "lm_nothing" + i)).statusCode();
        }
        assertEquals(429, status);
        Response limited = report(Map.of("token", spared));
        assertEquals(429, limited.statusCode());
        assertNotNull(limited.getHeader("Retry-After"));
        ping(first, spared).then().statusCode(200);
        ping(second, spared).then().statusCode(200);
    }

    @Test
    @Order(4)
    void theInactiveFilterAndTheAutoRevokeJobFollowTheClock() {
        String quiet = api().body(Map.of("name", "Quiet " + UUID.randomUUID())).post("/projects")
                .then().statusCode(201).extract().path("data.id");
        JsonPath used = newProjectToken(quiet, "used");
        JsonPath never = newProjectToken(quiet, "never used");
        JsonPath elsewhere = newProjectToken(projectId, "no policy");
        ping(first, used.getString("token")).then().statusCode(200);
        api().body("{\"auto_revoke_inactive_days\":\"ten\"}").put("/projects/" + quiet + "/token-settings")
                .then().statusCode(422);
        api().body(Map.of("auto_revoke_inactive_days", 10)).put("/projects/" + quiet + "/token-settings")
                .then().statusCode(200).body("data.auto_revoke_inactive_days", equalTo(10));
        assertEquals(List.of(), projectTokens(quiet, "?inactive_days=1"));
        // the project's tokens: its first one (made with the project), used and never used
        Set<Object> all = Set.copyOf(projectTokens(quiet, "").stream().map(t -> t.get("id")).toList());
        assertEquals(3, all.size());
        assertTrue(all.contains(used.getString("data.id")) && all.contains(never.getString("data.id")));

        moveClock(Duration.ofDays(4).plusHours(1).toSeconds());
        List<Map<String, Object>> listed = projectTokens(quiet, "?inactive_days=3");
        assertEquals(all, Set.copyOf(listed.stream().map(t -> t.get("id")).toList()));
        for (Map<String, Object> t : listed) {
            assertEquals(4, t.get("inactive_days"));
            assertNotNull(t.get("auto_revoke_at"));
            assertEquals(Boolean.TRUE, t.get("auto_revoke_warning"), "6 days before the job: warned");
        }
        assertEquals(List.of(), projectTokens(quiet, "?inactive_days=5"));
        api().get("/projects/" + quiet + "/tokens?inactive_days=-1").then().statusCode(422);

        moveClock(Duration.ofDays(10).plusHours(1).toSeconds());
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            for (Map<String, Object> t : projectTokens(quiet, "")) {
                assertEquals("revoked", t.get("status"), t.get("name") + " is revoked by the job");
                assertEquals("inactive", t.get("revoked_reason"));
            }
        });
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            for (Suite.Service gateway : List.of(first, second)) {
                ping(gateway, used.getString("token")).then().statusCode(401);
                ping(gateway, never.getString("token")).then().statusCode(401);
            }
        });
        Map<String, Object> line = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> logs(quiet, never.getString("data.id")).stream()
                        .filter(l -> "revoked".equals(l.get("outcome"))).findFirst().orElse(null), l -> l != null);
        assertEquals("inactive", line.get("reason"));
        assertEquals("system", line.get("actor"));
        // a project without the setting keeps its unused tokens
        ping(first, elsewhere.getString("token")).then().statusCode(200);
        moveClock(0);
    }

    // --- helpers ---------------------------------------------------------------------------------------

    static io.restassured.specification.RequestSpecification api() {
        return given().baseUri(suite.baseUrl()).header("Authorization", "Bearer " + team)
                .contentType(ContentType.JSON);
    }

    static JsonPath newProjectToken(String project, String name) {
        return api().body(Map.of("name", name + " " + UUID.randomUUID())).post("/projects/" + project + "/tokens")
                .then().statusCode(201).extract().jsonPath();
    }

    /** Watches the probes from the call's return: every gateway refuses within {@link #EDGE_BOUND}. Prints it. */
    static void assertRefusedInTime(String call, long called, long returned, List<EdgeRefusals.Probe> probes)
            throws Exception {
        EdgeRefusals.Watch refused = edge.watch(returned, probes, Duration.ofSeconds(5));
        System.out.printf("%s answered in %.1f ms; refused at both gateways by %.1f ms after the answer: %s%n", call,
                (returned - called) / 1e6, refused.refusedBy(), refused);
        assertTrue(refused.refusedBy() <= EDGE_BOUND.toMillis(), "every gateway refuses the reported token within "
                + EDGE_BOUND.toMillis() + " ms of the " + call + "'s answer (DESIGN §4.2): " + refused);
    }

    static JsonPath newTeamToken(String name) {
        return api().body(Map.of("name", name + " " + UUID.randomUUID(), "permissions", List.of("projects:read")))
                .post("/team/tokens").then().statusCode(201).extract().jsonPath();
    }

    /** A project token's ping and a team token's Team API call, at each gateway. */
    static List<EdgeRefusals.Probe> probes(String projectToken, String teamToken) {
        return List.of(EdgeRefusals.ping("project token at gateway 1", first, projectToken),
                EdgeRefusals.ping("project token at gateway 2", second, projectToken),
                EdgeRefusals.teamApi("team token at gateway 1", first, teamToken),
                EdgeRefusals.teamApi("team token at gateway 2", second, teamToken));
    }

    static List<Map<String, Object>> projectTokens(String project, String query) {
        return api().get("/projects/" + project + "/tokens" + query).then().statusCode(200).extract().jsonPath()
                .getList("data");
    }

    static List<Map<String, Object>> logs(String project, String tokenId) {
        return api().get("/projects/" + project + "/tokens/" + tokenId + "/logs").then().statusCode(200)
                .extract().jsonPath().getList("data");
    }

    static Response ping(Suite.Service gateway, String token) {
        return given().baseUri(gateway.baseUrl()).header("x-lettermint-token", token).get("/v1/ping");
    }

    /** The generic form through java.net.http, so that the time it returns is the time its answer arrived. */
    static HttpResponse<String> reportNow(Map<String, ?> body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(suite.baseUrl() + "/tokens/report-leak"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
    }

    static Response report(Map<String, ?> body) {
        return given().baseUri(suite.baseUrl()).contentType(ContentType.JSON).body(body).post("/tokens/report-leak");
    }

    static Response signed(Suite.Service gateway, String body, String keyId, KeyPair signer) throws Exception {
        return post(gateway, body, keyId, sign(body, signer));
    }

    static Response post(Suite.Service gateway, String body, String keyId, String signature) {
        var request = given().baseUri(gateway.baseUrl()).contentType(ContentType.JSON)
                .body(body.getBytes(StandardCharsets.UTF_8));
        if (keyId != null) {
            request.header("Github-Public-Key-Identifier", keyId);
        }
        if (signature != null) {
            request.header("Github-Public-Key-Signature", signature);
        }
        return request.post("/v1/secret-scanning/github");
    }

    /** A signed request streamed without a Content-Length (chunked), as a client hiding its size would. */
    static int chunked(Suite.Service gateway, String body, String keyId, String signature) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/secret-scanning/github"))
                .header("Content-Type", "application/json").header("Github-Public-Key-Identifier", keyId)
                .header("Github-Public-Key-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Moves token-service's clock (its test-only {@code /internal/clock}, with a service JWT). */
    static void moveClock(long offsetSeconds) {
        given().baseUri(Suite.shared().services.get("token-service").baseUrl())
                .header("Authorization", "Bearer " + JwtKeys.shared().service()).contentType(ContentType.JSON)
                .body(Map.of("offset_seconds", offsetSeconds)).put("/internal/clock").then().statusCode(200);
    }
}
