package org.mintpost.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.contracts.token.InternalClaims;
import org.mintpost.contracts.token.Permissions;
import org.mintpost.testing.JwtKeys;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.PostgresResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;

/**
 * Every Team API endpoint against every way of not being allowed: no or bad credentials (401), a
 * missing permission (403), another team's or another project's resource (404, never 403).
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "mintpost_tokens_test"))
@QuarkusTestResource(TestKafka.class)
@QuarkusTestResource(JwtKeysResource.class)
class AuthorizationMatrixTest {

    /** Resources of one team that an endpoint acts on. */
    record Target(String projectId, String tokenId, String teamTokenId) {
    }

    record Endpoint(String method, String path, String permission, int success, Map<String, ?> body) {

        String path(Target t) {
            return path.replace("{project}", t.projectId()).replace("{token}", t.tokenId())
                    .replace("{teamToken}", t.teamTokenId());
        }

        boolean scoped() {
            return path.contains("{");
        }

        Response call(RequestSpecification spec, Target t) {
            RequestSpecification s = spec.contentType(ContentType.JSON).accept(ContentType.JSON);
            if (body != null) {
                s = s.body(body);
            }
            return s.request(method, path(t));
        }
    }

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/v1/projects", Permissions.PROJECTS_READ, 200, null),
            new Endpoint("POST", "/v1/projects", Permissions.PROJECTS_CREATE, 201, Map.of("name", "X")),
            new Endpoint("GET", "/v1/projects/{project}", Permissions.PROJECTS_READ, 200, null),
            new Endpoint("PUT", "/v1/projects/{project}", Permissions.PROJECTS_MANAGE, 200, Map.of("name", "Y")),
            new Endpoint("DELETE", "/v1/projects/{project}", Permissions.PROJECTS_DELETE, 200, null),
            new Endpoint("POST", "/v1/projects/{project}/rotate-token", Permissions.PROJECT_TOKENS_ROTATE, 200, null),
            new Endpoint("GET", "/v1/projects/{project}/tokens", Permissions.PROJECT_TOKENS_READ, 200, null),
            new Endpoint("POST", "/v1/projects/{project}/tokens", Permissions.PROJECT_TOKENS_MANAGE, 201,
                    Map.of("name", "new")),
            new Endpoint("POST", "/v1/projects/{project}/tokens/{token}/regenerate",
                    Permissions.PROJECT_TOKENS_ROTATE, 200, null),
            new Endpoint("DELETE", "/v1/projects/{project}/tokens/{token}", Permissions.PROJECT_TOKENS_REVOKE, 200,
                    null),
            new Endpoint("GET", "/v1/team/tokens", Permissions.TEAM_TOKENS_READ, 200, null),
            new Endpoint("POST", "/v1/team/tokens", Permissions.TEAM_TOKENS_MANAGE, 201,
                    Map.of("name", "ops", "permissions", List.of(Permissions.TEAM_TOKENS_MANAGE))),
            new Endpoint("POST", "/v1/team/tokens/{teamToken}/regenerate", Permissions.TEAM_TOKENS_ROTATE, 200,
                    null),
            new Endpoint("DELETE", "/v1/team/tokens/{teamToken}", Permissions.TEAM_TOKENS_REVOKE, 200, null));

    static Target newTarget(TestApi owner) {
        Map<String, String> project = owner.newProject("Target");
        String token = owner.newProjectToken(project.get("id"), Map.of("name", "t")).get("id");
        String teamToken = owner.request()
                .body(Map.of("name", "tt-" + UUID.randomUUID(), "permissions", List.of(Permissions.TEAM_TOKENS_ROTATE)))
                .post("/v1/team/tokens").then().statusCode(201).extract().path("data.id");
        return new Target(project.get("id"), token, teamToken);
    }

    static RequestSpecification as(String jwt) {
        return given().header("Authorization", "Bearer " + jwt);
    }

    @Test
    void eachEndpointNeedsItsPermissionAndOnlyThat() {
        TestApi owner = TestApi.newTeam();
        for (Endpoint e : ENDPOINTS) {
            Target target = newTarget(owner);
            List<String> allButOne = new ArrayList<>(Permissions.ALL);
            allButOne.remove(e.permission());
            TestApi without = owner.withOnly(allButOne.toArray(String[]::new));
            e.call(as(without.jwt()), target).then()
                    .statusCode(403)
                    .body("error", equalTo("forbidden"));

            TestApi only = owner.withOnly(e.permission());
            e.call(as(only.jwt()), target).then()
                    .statusCode(e.success());
        }
    }

    @Test
    void noOrBadCredentialsAre401WithTheApiBody() throws Exception {
        TestApi owner = TestApi.newTeam();
        Target target = newTarget(owner);
        PrivateKey stranger = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate();
        List<String> badJwts = List.of(
                "not-a-jwt",
                // signed by someone else
                Jwt.issuer(InternalClaims.DEFAULT_ISSUER).subject("x").groups(Set.copyOf(Permissions.ALL))
                        .claim(InternalClaims.TEAM_ID, owner.teamId).expiresIn(60).sign(stranger),
                // right key, wrong issuer
                Jwt.issuer("https://elsewhere.example").subject("x").groups(Set.copyOf(Permissions.ALL))
                        .claim(InternalClaims.TEAM_ID, owner.teamId).expiresIn(60)
                        .sign(JwtKeys.shared().privateKey()),
                // expired
                Jwt.issuer(InternalClaims.DEFAULT_ISSUER).subject("x").groups(Set.copyOf(Permissions.ALL))
                        .claim(InternalClaims.TEAM_ID, owner.teamId).issuedAt(Instant.now().minusSeconds(900))
                        .expiresAt(Instant.now().minusSeconds(600)).sign(JwtKeys.shared().privateKey()),
                // valid, but names no team
                Jwt.issuer(InternalClaims.DEFAULT_ISSUER).subject("x").groups(Set.copyOf(Permissions.ALL))
                        .claim(InternalClaims.TEAM_ID, "not-a-uuid").expiresIn(60)
                        .sign(JwtKeys.shared().privateKey()),
                // a raw team token is never accepted here: only the edge sees those
                "lm_team_" + "A".repeat(40));
        for (Endpoint e : ENDPOINTS) {
            e.call(given(), target).then().statusCode(401)
                    .contentType(ContentType.JSON)
                    .body("error", equalTo("unauthenticated"));
            for (String jwt : badJwts) {
                e.call(as(jwt), target).then().statusCode(401)
                        .body("error", equalTo("unauthenticated"));
            }
        }
    }

    @Test
    void anotherTeamsResourcesAreNotFoundNever403() {
        TestApi owner = TestApi.newTeam();
        TestApi other = TestApi.newTeam();
        Target target = newTarget(owner);
        for (Endpoint e : ENDPOINTS) {
            if (e.scoped()) {
                // nothing of the other team is changed by these calls, so one target serves them all
                e.call(as(other.jwt()), target).then().statusCode(404).body("error", equalTo("not_found"));
            }
        }
        // listing shows nothing of the other team
        other.request().get("/v1/projects").then().body("data.size()", equalTo(0));
        other.request().get("/v1/team/tokens").then().body("data.size()", equalTo(0));
        // the owner still has everything
        owner.request().get("/v1/projects/" + target.projectId()).then().statusCode(200);
    }

    @Test
    void aTokenOfOneProjectIsNotFoundUnderAnother() {
        TestApi owner = TestApi.newTeam();
        Target a = newTarget(owner);
        Target b = newTarget(owner);
        String wrong = "/v1/projects/" + b.projectId() + "/tokens/" + a.tokenId();
        owner.request().post(wrong + "/regenerate").then().statusCode(404).body("error", equalTo("not_found"));
        owner.request().delete(wrong).then().statusCode(404);
        // the token is untouched
        owner.request().get("/v1/projects/" + a.projectId() + "/tokens").then()
                .body("find { it.id == '" + a.tokenId() + "' }.status", equalTo(null))
                .body("data.find { it.id == '" + a.tokenId() + "' }.status", equalTo("active"));
        // a project token id is not a team token id and vice versa
        owner.request().delete("/v1/team/tokens/" + a.tokenId()).then().statusCode(404);
        owner.request().delete("/v1/projects/" + a.projectId() + "/tokens/" + a.teamTokenId()).then()
                .statusCode(404);
        // malformed ids are simply not found
        owner.request().get("/v1/projects/not-a-uuid").then().statusCode(404).body("error", equalTo("not_found"));
        owner.request().delete("/v1/projects/" + a.projectId() + "/tokens/123").then().statusCode(404);
    }

    @Test
    void serviceAndTeamCredentialsDoNotCross() {
        TestApi owner = TestApi.newTeam();
        Target target = newTarget(owner);
        for (Endpoint e : ENDPOINTS) {
            e.call(as(JwtKeys.shared().service()), target).then().statusCode(403)
                    .body("error", equalTo("forbidden"));
        }
        as(owner.jwt()).contentType(ContentType.JSON).body(Map.of("token_hash", "0".repeat(64)))
                .post("/internal/tokens/lookup").then().statusCode(403).body("error", equalTo("forbidden"));
        given().contentType(ContentType.JSON).body(Map.of("token_hash", "0".repeat(64)))
                .post("/internal/tokens/lookup").then().statusCode(401).body("error", equalTo("unauthenticated"));
    }

    @Test
    void aTeamTokenCannotGrantOrRevealPermissionsItDoesNotHold() {
        TestApi owner = TestApi.newTeam();
        TestApi limited = owner.withOnly(Permissions.TEAM_TOKENS_MANAGE, Permissions.TEAM_TOKENS_ROTATE,
                Permissions.PROJECTS_READ);
        limited.request().body(Map.of("name", "escalate", "permissions",
                List.of(Permissions.PROJECTS_READ, Permissions.PROJECTS_DELETE)))
                .post("/v1/team/tokens").then().statusCode(403).body("error", equalTo("forbidden"))
                .body("message", org.hamcrest.Matchers.containsString(Permissions.PROJECTS_DELETE));
        limited.request().body(Map.of("name", "fine", "permissions", List.of(Permissions.PROJECTS_READ)))
                .post("/v1/team/tokens").then().statusCode(201)
                .body("data.permissions", equalTo(List.of(Permissions.PROJECTS_READ)));
        // regenerating a stronger token would hand over its secret: refused
        String strong = owner.request().body(Map.of("name", "strong", "permissions", Permissions.ALL))
                .post("/v1/team/tokens").then().statusCode(201).extract().path("data.id");
        limited.request().post("/v1/team/tokens/" + strong + "/regenerate").then().statusCode(403);
    }

    @Test
    void ssoCallersActWithThePermissionsOfTheirJwt() {
        TestApi owner = TestApi.newTeam();
        TestApi sso = owner.sso(List.of(Permissions.PROJECTS_CREATE, Permissions.PROJECTS_READ,
                Permissions.PROJECT_TOKENS_READ));
        try (TokenChangesProbe changes = new TokenChangesProbe()) {
            String projectId = sso.newProject("From SSO").get("id");
            owner.request().get("/v1/projects/" + projectId).then().statusCode(200);
            sso.request().get("/v1/projects/" + projectId + "/tokens").then().statusCode(200);
            String tokenId = sso.request().get("/v1/projects/" + projectId + "/tokens").then()
                    .extract().path("data[0].id");
            TokenChanged created = changes.await(c -> c.tokenId().equals(tokenId), Duration.ofSeconds(10)).value();
            assertEquals("sso:sso-user", created.actor());
            sso.request().delete("/v1/projects/" + projectId).then().statusCode(403);
            assertTrue(created.revision() >= 1);
        }
    }
}
