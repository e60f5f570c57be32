package org.mintpost.token.workloads;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.contracts.token.TokenFormat;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.OidcIssuer;
import org.mintpost.testing.PostgresResource;
import org.mintpost.token.TestApi;
import org.mintpost.token.TestKafka;
import org.mintpost.token.TokenChangesProbe;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/**
 * {@code POST /v1/oidc/token} against a test OIDC issuer: GitHub-Actions- and Kubernetes-shaped identities mint
 * short-lived project tokens; every bad input of issue #28 is a clear 4xx (503 for unusable keys) and mints nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "mintpost_tokens_test"))
@QuarkusTestResource(TestKafka.class)
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(OidcIssuersResource.class)
class OidcExchangeTest {

    static OidcIssuer issuer() {
        return OidcIssuersResource.trusted;
    }

    static ValidatableResponse exchange(String jwt) {
        return exchangeFrom(randomIp(), Map.of("token", jwt));
    }

    static ValidatableResponse exchangeFrom(String ip, Object body) {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON).header("X-Forwarded-For", ip)
                .body(body).post("/v1/oidc/token").then().log().ifValidationFails();
    }

    static String randomIp() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
    }

    /** A project trusting {@code conditions} of the trusted issuer for audience {@code aud}; returns ids. */
    static Map<String, String> trust(TestApi api, String aud, Map<String, String> conditions, int ttl) {
        String projectId = api.newProject("Keyless " + aud).get("id");
        String id = api.request().body(Map.of("name", "ci", "issuer", issuer().url(), "audience", aud,
                "conditions", conditions, "token_ttl_seconds", ttl))
                .post("/v1/projects/" + projectId + "/trusted-workloads").then().statusCode(201)
                .extract().jsonPath().getString("data.id");
        return Map.of("project", projectId, "policy", id);
    }

    static String aud() {
        return "mintpost-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    @Test
    void aGithubActionsJobMintsAShortLivedProjectTokenOnceAndItIsLogged() {
        TestApi api = TestApi.newTeam();
        String aud = aud();
        Map<String, String> ids = trust(api, aud, Map.of("repository", "acme/shop", "ref", "refs/heads/*"), 600);
        Map<String, Object> claims = issuer().github(aud, "acme/shop", "refs/heads/main");
        String jwt = issuer().rs256(claims);
        Instant before = Instant.now();
        JsonPath minted = exchange(jwt).statusCode(201)
                .body("data.status", equalTo("active"))
                .body("data.name", containsString("acme/shop@refs/heads/main"))
                .body("data.created_via", equalTo("trusted_workload"))
                .body("data.trusted_workload_id", equalTo(ids.get("policy")))
                .extract().jsonPath();
        String secret = minted.getString("token");
        assertTrue(TokenFormat.isValid(secret) && secret.startsWith("lm_") && !secret.startsWith("lm_team_"));
        Instant expires = Instant.parse(minted.getString("data.expires_at"));
        assertTrue(!expires.isBefore(before.plusSeconds(599)) && !expires.isAfter(Instant.now().plusSeconds(601)),
                "expires_at = now + the policy's TTL: " + expires);
        String tokenId = minted.getString("data.id");
        try (TokenChangesProbe changes = new TokenChangesProbe()) {
            List<TokenChanged> seen = changes.forToken(tokenId, Duration.ofSeconds(5));
            TokenChanged created = seen.get(0);
            assertEquals(TokenChanged.CHANGE_CREATED, created.change());
            assertEquals(ids.get("project"), created.projectId());
            assertEquals(expires, created.expiresAt());
            assertTrue(created.actor().startsWith("trusted_workload:" + ids.get("policy")), created.actor());
            assertTrue(created.actor().contains("iss=" + issuer().url())
                    && created.actor().contains("sub=repo:acme/shop:ref:refs/heads/main")
                    && created.actor().contains("repository=acme/shop") && !created.actor().contains(jwt),
                    created.actor());
        }
        exchange(jwt).statusCode(401).body("message", containsString("used before"));
        api.request().get("/v1/projects/" + ids.get("project") + "/tokens").then().statusCode(200)
                .body("data.findAll { it.created_via == 'trusted_workload' }", hasSize(1));
        api.request().get("/v1/projects/" + ids.get("project") + "/trusted-workloads").then().statusCode(200)
                .body("data[0].last_used_at", notNullValue())
                .body("data[0].last_subject", equalTo("repo:acme/shop:ref:refs/heads/main"));
    }

    @Test
    void aKubernetesServiceAccountMintsWithAnEs256TokenAndAllowedIpsAreHandedOn() {
        TestApi api = TestApi.newTeam();
        String aud = aud();
        String projectId = api.newProject("Cluster").get("id");
        api.request().body(Map.of("name", "mailer", "issuer", issuer().url(), "audience", aud,
                "conditions", Map.of("sub", "system:serviceaccount:shop:mailer"), "allowed_ips", List.of("10.0.0.0/8")))
                .post("/v1/projects/" + projectId + "/trusted-workloads").then().statusCode(201);
        exchange(issuer().es256(issuer().kubernetes(aud, "shop", "mailer"))).statusCode(201)
                .body("data.name", containsString("system:serviceaccount:shop:mailer"))
                .body("data.allowed_ips", equalTo(List.of("10.0.0.0/8")));
        exchange(issuer().es256(issuer().kubernetes(aud, "shop", "intruder"))).statusCode(403)
                .body("error", equalTo("forbidden"))
                .body("message", not(containsString("mailer")));
    }

    @Test
    void everyBadIdentityTokenIsRefusedAndMintsNothing() {
        TestApi api = TestApi.newTeam();
        String aud = aud();
        Map<String, String> ids = trust(api, aud, Map.of("repository", "acme/shop"), 900);
        OidcIssuer iss = issuer();
        long now = Instant.now().getEpochSecond();
        Map<String, Object> good = iss.github(aud, "acme/shop", "refs/heads/main");
        exchange("not-a-jwt").statusCode(401).body("error", equalTo("unauthenticated"));
        exchange(iss.rs256(with(good, "exp", now - 120))).statusCode(401).body("message", containsString("expired"));
        exchange(iss.rs256(with(with(good, "nbf", now + 600), "exp", now + 1200))).statusCode(401)
                .body("message", containsString("not valid yet"));
        exchange(iss.rs256(with(good, "iat", now + 600))).statusCode(401)
                .body("message", containsString("not valid yet"));
        exchange(iss.rs256(with(with(good, "iat", now), "exp", now + 7200))).statusCode(401)
                .body("message", containsString("longer than"));
        exchange(iss.rs256(with(good, "jti", null))).statusCode(401).body("message", containsString("jti"));
        exchange(iss.unsigned(good)).statusCode(401).body("message", containsString("RS256"));
        exchange(iss.hs256WithPublicKey(good)).statusCode(401).body("message", containsString("RS256"));
        exchange(iss.withUnknownKey(good)).statusCode(401).body("message", containsString("key id"));
        exchange(iss.rs256(with(good, "aud", "someone-else"))).statusCode(403).body("error", equalTo("forbidden"));
        exchange(iss.rs256(with(good, "repository", "acme/other"))).statusCode(403);
        String tampered = iss.rs256(good);
        String[] parts = tampered.split("\\.");
        exchange(parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse()).statusCode(401);
        int strangerRequests = OidcIssuersResource.stranger.requests();
        exchange(OidcIssuersResource.stranger.rs256(with(good, "iss", OidcIssuersResource.stranger.url())))
                .statusCode(401).body("message", containsString("issuer"));
        assertEquals(strangerRequests, OidcIssuersResource.stranger.requests(), "no request to a foreign issuer");
        exchangeFrom(randomIp(), "{not json").statusCode(400).body("error", equalTo("invalid_json"));
        exchangeFrom(randomIp(), Map.of()).statusCode(422).body("errors.token", notNullValue());
        exchangeFrom(randomIp(), Map.of("token", 42)).statusCode(422).body("errors.token", notNullValue());
        exchangeFrom(randomIp(), Map.of("token", "x".repeat(1024 * 1024))).statusCode(413);
        api.request().get("/v1/projects/" + ids.get("project") + "/tokens").then().statusCode(200)
                .body("data.findAll { it.created_via == 'trusted_workload' }", hasSize(0));
        api.request().get("/v1/projects/" + ids.get("project") + "/trusted-workloads/" + ids.get("policy")).then()
                .statusCode(200)
                .body("data.recent_refusals", hasSize(1))
                .body("data.recent_refusals[0].reason", containsString("repository"))
                .body("data.recent_refusals[0].claims", containsString("acme/other"));
    }

    @Test
    void aRotatedKeyIsFetchedOnceAndAnUnknownKidDoesNotRefetchWithinTheInterval() {
        TestApi api = TestApi.newTeam();
        String aud = aud();
        trust(api, aud, Map.of("repository", "acme/rotating"), 900);
        OidcIssuer iss = issuer();
        exchange(iss.rs256(iss.github(aud, "acme/rotating", "refs/heads/main"))).statusCode(201);
        int fetches = iss.requests();
        iss.rotate();
        pause(Duration.ofMillis(2100)); // the refetch interval (2 s in tests, a minute by default)
        exchange(iss.rs256(iss.github(aud, "acme/rotating", "refs/heads/main"))).statusCode(201);
        assertTrue(iss.requests() > fetches, "the unknown kid fetched the keys again");
        int afterRotation = iss.requests();
        exchange(iss.withUnknownKey(iss.github(aud, "acme/rotating", "refs/heads/main"))).statusCode(401);
        exchange(iss.withUnknownKey(iss.github(aud, "acme/rotating", "refs/heads/main"))).statusCode(401);
        assertEquals(afterRotation, iss.requests(), "at most one refetch per interval per issuer");
    }

    @Test
    void keysThatCannotBeFetchedAnswer503WithRetryAfter() {
        OidcIssuer flaky = OidcIssuersResource.flaky;
        Map<String, Object> claims = flaky.github("mintpost", "acme/shop", "refs/heads/main");
        flaky.mode(OidcIssuer.Mode.GARBAGE);
        exchange(flaky.rs256(claims)).statusCode(503).header("Retry-After", notNullValue())
                .body("error", equalTo("unavailable"));
        IssuerKeysAccess.forget();
        flaky.mode(OidcIssuer.Mode.HANG);
        long start = System.nanoTime();
        exchange(flaky.rs256(flaky.github("mintpost", "acme/shop", "refs/heads/main"))).statusCode(503)
                .header("Retry-After", notNullValue());
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "answered within the fetch deadline");
        flaky.mode(OidcIssuer.Mode.NORMAL);
    }

    @Test
    void exchangesAreRateLimitedPerClientAddress() {
        String ip = "192.0.2.77";
        int status = 0;
        for (int i = 0; i < 25 && status != 429; i++) {
            status = exchangeFrom(ip, Map.of("token", "not-a-jwt")).extract().statusCode();
        }
        assertEquals(429, status);
        exchangeFrom(ip, Map.of("token", "x")).statusCode(429).header("Retry-After", notNullValue());
        exchangeFrom(randomIp(), Map.of("token", "x")).statusCode(401);
    }

    @Test
    void deletingThePolicyStopsNewMintsAndMintedTokensStayRevocable() {
        TestApi api = TestApi.newTeam();
        String aud = aud();
        Map<String, String> ids = trust(api, aud, Map.of("repository", "acme/gone"), 900);
        String tokenId = exchange(issuer().rs256(issuer().github(aud, "acme/gone", "refs/heads/main"))).statusCode(201)
                .extract().jsonPath().getString("data.id");
        api.request().delete("/v1/projects/" + ids.get("project") + "/trusted-workloads/" + ids.get("policy"))
                .then().statusCode(200);
        exchange(issuer().rs256(issuer().github(aud, "acme/gone", "refs/heads/main"))).statusCode(403);
        api.request().delete("/v1/projects/" + ids.get("project") + "/tokens/" + tokenId).then().statusCode(200)
                .body("data.status", equalTo("revoked"));
    }

    static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The claims with one changed ({@code null}: removed) and a fresh jti (unless jti is the one changed). */
    static Map<String, Object> with(Map<String, Object> claims, String name, Object value) {
        Map<String, Object> copy = new HashMap<>(claims);
        copy.put("jti", UUID.randomUUID().toString());
        if (value == null) {
            copy.remove(name);
        } else {
            copy.put(name, value);
        }
        return copy;
    }
}
