package org.mintpost.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.token.InternalClaims;
import org.mintpost.gateway.support.FakeUpstreams;
import org.mintpost.gateway.support.GatewayTest;
import org.mintpost.gateway.support.Http;
import org.mintpost.gateway.support.TestTokens;
import org.mintpost.testing.JwtKeys;

import io.restassured.response.Response;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.build.Jwt;

@GatewayTest
class ForwardingTest {

    @BeforeEach
    void ready() {
        Http.awaitReady();
    }

    @Test
    void teamTokenCallsReachTokenServiceWithAnInternalJwtInsteadOfTheToken() throws Exception {
        TestTokens.Issued team = TestTokens.team(List.of("projects:read", "projects:create"));
        TestTokens.Issued project = TestTokens.project();
        Http.awaitProjectToken(project.token());
        Response echo = given().header("Authorization", "Bearer " + team.token())
                .header("x-lettermint-token", project.token())
                .header("X-Forwarded-For", "6.6.6.6")
                .queryParam("per_page", "5")
                .get("/v1/projects");
        echo.then().statusCode(200).body("server", equalTo("token-service")).body("path", equalTo("/v1/projects"))
                .body("query", equalTo("per_page=5"));
        assertNull(echo.path("headers.'x-lettermint-token'"), "the project token is stripped");
        assertEquals(List.of("127.0.0.1"), echo.path("headers.'x-forwarded-for'"), "an untrusted XFF is replaced");
        assertFalse(echo.asString().contains(team.token()), "the team token never goes downstream");

        JsonWebToken jwt = verify(((List<String>) echo.path("headers.authorization")).get(0).substring(7));
        assertEquals(team.id(), jwt.getSubject());
        assertEquals(Set.of("projects:read", "projects:create"), jwt.getGroups());
        assertEquals("team-1", jwt.getClaim(InternalClaims.TEAM_ID).toString());
        assertEquals(team.id(), jwt.getClaim(InternalClaims.TOKEN_ID).toString());
        assertEquals("team", jwt.getClaim(InternalClaims.CALLER_KIND).toString());
        assertEquals("team_token:" + team.id(), jwt.getClaim(InternalClaims.ACTOR).toString());
        assertEquals("127.0.0.1", jwt.getClaim(InternalClaims.CLIENT_IP).toString());
        assertTrue(jwt.getExpirationTime() - jwt.getIssuedAtTime() <= 60);

        given().header("Authorization", "Bearer " + team.token()).contentType("application/json")
                .body("{\"name\":\"Shop\"}").post("/v1/projects")
                .then().statusCode(200).body("method", equalTo("POST")).body("body", equalTo("{\"name\":\"Shop\"}"));
    }

    @Test
    void aTeamApiBodyOverTheForwardingLimitGets413AtTheEdge() {
        TestTokens.Issued team = TestTokens.team(List.of("projects:create"));
        byte[] body = new byte[10 * 1024 * 1024 + 1];
        java.util.Arrays.fill(body, (byte) 'a');
        given().header("Authorization", "Bearer " + team.token()).contentType("application/json")
                .body(body).post("/v1/projects")
                .then().statusCode(413).body("error", equalTo("payload_too_large"));
    }

    @Test
    void routesFollowTheRouteTable() {
        TestTokens.Issued team = TestTokens.team(List.of("messages:read", "audit:read"));
        String auth = "Bearer " + team.token();
        Http.awaitProjectToken(TestTokens.project().token());
        given().header("Authorization", auth).get("/v1/projects/p1/tokens/t1/logs")
                .then().statusCode(200).body("server", equalTo("audit-service"));
        given().header("Authorization", auth).get("/v1/messages/m-1/events")
                .then().statusCode(200).body("server", equalTo("audit-service"));
        given().header("Authorization", auth).get("/v1/webhooks")
                .then().statusCode(200).body("server", equalTo("webhook-service"));
        given().header("Authorization", auth).post("/v1/webhooks/w-1/deliveries/d-1")
                .then().statusCode(200).body("server", equalTo("webhook-service"));
        given().header("Authorization", auth).get("/v1/messages")
                .then().statusCode(200).body("server", equalTo("audit-service"));
        given().header("Authorization", auth).get("/v1/stats")
                .then().statusCode(200).body("server", equalTo("audit-service"));
        given().header("Authorization", auth).get("/v1/projects/p1/tokens")
                .then().statusCode(200).body("server", equalTo("token-service"));
        given().header("Authorization", auth).get("/v1/team/tokens")
                .then().statusCode(200).body("server", equalTo("token-service"));
        given().header("Authorization", auth).get("/v1/projects/p1/routes")
                .then().statusCode(200).body("server", equalTo("token-service"));
        given().header("Authorization", auth).put("/v1/routes/r1")
                .then().statusCode(200).body("server", equalTo("token-service")).body("path", equalTo("/v1/routes/r1"));
        given().header("Authorization", auth).post("/v1/routes/r1/verify-inbound-domain")
                .then().statusCode(200).body("server", equalTo("token-service"));
        given().header("Authorization", auth).get("/v1/domains/d1")
                .then().statusCode(200).body("server", equalTo("token-service"));
        Response dashboard = given().header("Authorization", "Bearer whatever").get("/dashboard/js/app.js");
        dashboard.then().statusCode(200).body("server", equalTo("token-service"))
                .body("path", equalTo("/dashboard/js/app.js"));
        assertNull(dashboard.path("headers.authorization"));
        given().header("Authorization", auth).get("/v1/teams").then().statusCode(404)
                .body("error", equalTo("not_found"));
    }

    @Test
    void leakReportsAreOpenAndForwardedWithoutCredentials() {
        Http.awaitProjectToken(TestTokens.project().token());
        Response alert = given().header("Github-Public-Key-Identifier", "k1")
                .header("Github-Public-Key-Signature", "sig").header("Authorization", "Bearer lm_team_whatever")
                .contentType("application/json").body("[]").post("/v1/secret-scanning/github");
        alert.then().statusCode(200).body("server", equalTo("token-service"))
                .body("path", equalTo("/v1/secret-scanning/github")).body("body", equalTo("[]"));
        assertEquals(List.of("k1"), alert.path("headers.'github-public-key-identifier'"));
        assertNull(alert.path("headers.authorization"), "whatever credential came along is not forwarded");
        Response anonymous = given().contentType("application/json").body("{\"token\":\"lm_x\"}")
                .post("/v1/tokens/report-leak");
        anonymous.then().statusCode(200).body("server", equalTo("token-service"));
        assertNull(anonymous.path("headers.authorization"));
        // with a team token the report carries the caller; a project token is refused as on the Team API
        TestTokens.Issued team = TestTokens.team(List.of("projects:read"));
        Response reported = given().header("Authorization", "Bearer " + team.token())
                .contentType("application/json").body("{}").post("/v1/tokens/report-leak");
        reported.then().statusCode(200);
        assertTrue(((List<String>) reported.path("headers.authorization")).get(0).startsWith("Bearer ey"));
        given().header("Authorization", "Bearer lm_team_notAValidToken").contentType("application/json").body("{}")
                .post("/v1/tokens/report-leak").then().statusCode(401);
        // keyless sending (issue #28): the identity token in the body is the only credential, forwarded without one
        Response exchange = given().header("Authorization", "Bearer lm_team_whatever")
                .header("x-lettermint-token", "lm_whatever").contentType("application/json")
                .body("{\"token\":\"eyJ.x.y\"}").post("/v1/oidc/token");
        exchange.then().statusCode(200).body("server", equalTo("token-service"))
                .body("path", equalTo("/v1/oidc/token"));
        assertNull(exchange.path("headers.authorization"), "no credential goes along with an identity token");
        assertNull(exchange.path("headers.'x-lettermint-token'"));
        given().get("/v1/oidc/other").then().statusCode(404);
        // nothing else under /v1/tokens or /v1/secret-scanning is open
        given().get("/v1/tokens").then().statusCode(404);
        given().post("/v1/secret-scanning/other").then().statusCode(404);
    }

    @Test
    void teamApiRefusesProjectTokensAndMissingOrBadCredentialsWithJson() {
        TestTokens.Issued project = TestTokens.project();
        Http.awaitProjectToken(project.token());
        given().header("Authorization", "Bearer " + project.token()).get("/v1/projects")
                .then().statusCode(403).contentType("application/json").body("error", equalTo("forbidden"));
        given().header("x-lettermint-token", project.token()).get("/v1/projects")
                .then().statusCode(403).body("error", equalTo("forbidden"));
        given().get("/v1/projects").then().statusCode(401).body("error", equalTo("unauthenticated"));
        given().header("Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln").get("/v1/team/tokens")
                .then().statusCode(401).body("error", equalTo("unauthenticated"));
        given().header("Authorization", "Bearer lm_team_" + "x".repeat(40)).get("/v1/projects")
                .then().statusCode(401);
    }

    @Test
    void craftedPathsCannotSkipAuthentication() {
        given().urlEncodingEnabled(false).get("/v1/ping/..%2F..%2Fv1%2Fprojects").then().statusCode(404)
                .body("error", equalTo("not_found"));
        given().urlEncodingEnabled(false).get("/v1/projects%2Fx").then().statusCode(404);
        given().urlEncodingEnabled(false).get("/v1/send/../projects").then().statusCode(401)
                .body("error", equalTo("unauthenticated"));
        given().urlEncodingEnabled(false).get("/v1//projects").then().statusCode(401);
        given().urlEncodingEnabled(false).get("/v1/%70rojects").then().statusCode(401);
    }

    @Test
    void ssoJwtsFromTheConfiguredIssuerAreAcceptedAndForwarded() throws Exception {
        PrivateKey key = ssoKey();
        String sso = Jwt.issuer(FakeUpstreams.SSO_ISSUER).audience(FakeUpstreams.SSO_AUDIENCE)
                .subject("alice@example.com")
                .claim("team_id", "team-9").claim("permissions", List.of("projects:read"))
                .expiresIn(300).sign(key);
        Response echo = given().header("Authorization", "Bearer " + sso).get("/v1/projects");
        echo.then().statusCode(200).body("server", equalTo("token-service"));
        JsonWebToken jwt = verify(((List<String>) echo.path("headers.authorization")).get(0).substring(7));
        assertEquals("sso", jwt.getClaim(InternalClaims.CALLER_KIND).toString());
        assertEquals("team-9", jwt.getClaim(InternalClaims.TEAM_ID).toString());
        assertEquals("sso:alice@example.com", jwt.getClaim(InternalClaims.ACTOR).toString());
        assertEquals(Set.of("projects:read"), jwt.getGroups());
        assertNull(jwt.getClaim(InternalClaims.TOKEN_ID));

        String otherIssuer = Jwt.issuer("https://evil.example").subject("mallory").claim("team_id", "team-9")
                .claim("permissions", List.of("projects:read")).expiresIn(300).sign(key);
        given().header("Authorization", "Bearer " + otherIssuer).get("/v1/projects").then().statusCode(401);
        String noTeam = Jwt.issuer(FakeUpstreams.SSO_ISSUER).subject("bob").expiresIn(300).sign(key);
        given().header("Authorization", "Bearer " + noTeam).get("/v1/projects").then().statusCode(401);
        String internal = JwtKeys.shared().teamCaller("team-9", "t1", List.of("projects:read"));
        given().header("Authorization", "Bearer " + internal).get("/v1/projects").then().statusCode(401);
    }

    /**
     * An SSO JWT is accepted only for this platform's audience (the same IdP's JWT for another app, or one without
     * {@code aud}, is refused), and only permission names the platform knows reach the internal JWT: never
     * {@code internal:service}, which would open token-service's internal endpoints.
     */
    @Test
    void ssoJwtsMustBeForThisAudienceAndCarryOnlyKnownPermissions() throws Exception {
        PrivateKey key = ssoKey();
        String otherApp = Jwt.issuer(FakeUpstreams.SSO_ISSUER).audience("another-app").subject("alice@example.com")
                .claim("team_id", "team-9").claim("permissions", List.of("projects:read")).expiresIn(300).sign(key);
        given().header("Authorization", "Bearer " + otherApp).get("/v1/projects").then().statusCode(401)
                .body("error", equalTo("unauthenticated"));
        String noAudience = Jwt.issuer(FakeUpstreams.SSO_ISSUER).subject("alice@example.com")
                .claim("team_id", "team-9").claim("permissions", List.of("projects:read")).expiresIn(300).sign(key);
        given().header("Authorization", "Bearer " + noAudience).get("/v1/projects").then().statusCode(401);

        String escalating = Jwt.issuer(FakeUpstreams.SSO_ISSUER).audience(FakeUpstreams.SSO_AUDIENCE)
                .subject("mallory@example.com").claim("team_id", "team-9")
                .claim("permissions", List.of("projects:read", InternalClaims.SERVICE_GROUP, "admin"))
                .expiresIn(300).sign(key);
        Response echo = given().header("Authorization", "Bearer " + escalating).get("/v1/projects");
        echo.then().statusCode(200);
        JsonWebToken jwt = verify(((List<String>) echo.path("headers.authorization")).get(0).substring(7));
        assertEquals(Set.of("projects:read"), jwt.getGroups());

        String viaGroups = Jwt.issuer(FakeUpstreams.SSO_ISSUER).audience(FakeUpstreams.SSO_AUDIENCE)
                .subject("eve@example.com").claim("team_id", "team-9")
                .groups(Set.of(InternalClaims.SERVICE_GROUP, "domains:read")).expiresIn(300).sign(key);
        Response echoed = given().header("Authorization", "Bearer " + viaGroups).get("/v1/domains");
        echoed.then().statusCode(200);
        assertEquals(Set.of("domains:read"),
                verify(((List<String>) echoed.path("headers.authorization")).get(0).substring(7)).getGroups());
    }

    private static PrivateKey ssoKey() throws Exception {
        String pem = Files.readString(Path.of(ConfigProvider.getConfig().getValue("test.sso-private-key",
                String.class)));
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private static JsonWebToken verify(String jwt) throws Exception {
        JWTAuthContextInfo info = new JWTAuthContextInfo(JwtKeys.shared().publicKeyPem().toUri().toString(),
                InternalClaims.DEFAULT_ISSUER);
        return new DefaultJWTParser(info).parse(jwt);
    }
}
