package org.mintpost.token.workloads;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.token.Permissions;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.PostgresResource;
import org.mintpost.token.TestApi;
import org.mintpost.token.TestKafka;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** Trust policies: create, list, show, delete; every bad input a 422 naming the field; permissions. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "mintpost_tokens_test"))
@QuarkusTestResource(TestKafka.class)
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(OidcIssuersResource.class)
class TrustedWorkloadApiTest {

    static Map<String, Object> policy(String issuer) {
        return Map.of("name", "Deploy from main", "issuer", issuer, "audience", "mintpost",
                "conditions", Map.of("repository", "acme/shop", "ref", "refs/heads/*"));
    }

    @Test
    void aPolicyIsCreatedListedShownAndDeleted() {
        TestApi api = TestApi.newTeam();
        String projectId = api.newProject("Shop").get("id");
        String base = "/v1/projects/" + projectId + "/trusted-workloads";
        String id = api.request().body(policy(OidcIssuersResource.trusted.url())).post(base).then()
                .statusCode(201)
                .body("data.name", equalTo("Deploy from main"))
                .body("data.issuer", equalTo(OidcIssuersResource.trusted.url()))
                .body("data.audience", equalTo("mintpost"))
                .body("data.conditions.repository", equalTo("acme/shop"))
                .body("data.token_ttl_seconds", equalTo(900))
                .body("data.allowed_ips", hasSize(0))
                .body("data.last_used_at", nullValue())
                .body("data", hasKey("last_subject"))
                .extract().jsonPath().getString("data.id");
        api.request().get(base).then().statusCode(200).body("data", hasSize(1)).body("data[0].id", equalTo(id));
        api.request().get(base + "/" + id).then().statusCode(200).body("data.id", equalTo(id))
                .body("data.recent_refusals", hasSize(0));
        api.request().delete(base + "/" + id).then().statusCode(200).body("data.id", equalTo(id));
        api.request().get(base + "/" + id).then().statusCode(404).body("error", equalTo("not_found"));
        api.request().get(base).then().statusCode(200).body("data", hasSize(0));
    }

    @Test
    void badPoliciesAreRefusedNamingTheField() {
        TestApi api = TestApi.newTeam();
        String base = "/v1/projects/" + api.newProject("Strict").get("id") + "/trusted-workloads";
        String iss = OidcIssuersResource.trusted.url();
        Map<String, Object> pinned = Map.of("sub", "repo:acme/shop:ref:refs/heads/main");
        record Case(Map<String, Object> body, String field) {
        }
        List<Case> cases = List.of(
                new Case(Map.of("name", "x", "issuer", OidcIssuersResource.stranger.url(), "audience", "a",
                        "conditions", pinned), "issuer"),
                new Case(Map.of("name", "x", "issuer", "https://evil.example", "audience", "a",
                        "conditions", pinned), "issuer"),
                new Case(Map.of("name", "x", "issuer", iss, "audience", "a"), "conditions"),
                new Case(Map.of("name", "x", "issuer", iss, "audience", "a",
                        "conditions", Map.of("ref", "refs/heads/main")), "conditions"),
                new Case(Map.of("name", "x", "issuer", iss, "audience", "a", "conditions", Map.of("sub", "*")),
                        "conditions"),
                new Case(Map.of("name", "x", "issuer", iss, "audience", "a", "conditions", List.of("sub")),
                        "conditions"),
                new Case(Map.of("name", "x", "issuer", iss, "audience", "a", "conditions", Map.of("sub", 7)),
                        "conditions.sub"),
                new Case(Map.of("name", "x", "issuer", iss, "audience", "a", "conditions", pinned,
                        "token_ttl_seconds", 59), "token_ttl_seconds"),
                new Case(Map.of("name", "x", "issuer", iss, "audience", "a", "conditions", pinned,
                        "token_ttl_seconds", 3601), "token_ttl_seconds"),
                new Case(Map.of("name", "x", "issuer", iss, "audience", "a", "conditions", pinned,
                        "token_ttl_seconds", "900"), "token_ttl_seconds"),
                new Case(Map.of("name", "x", "issuer", iss, "audience", "a", "conditions", pinned,
                        "allowed_ips", List.of("10.0.0.0/33")), "allowed_ips.0"),
                new Case(Map.of("issuer", iss, "audience", "a", "conditions", pinned), "name"),
                new Case(Map.of("name", "x", "issuer", iss, "conditions", pinned), "audience"));
        for (Case c : cases) {
            api.request().body(c.body()).post(base).then().statusCode(422)
                    .body("error", equalTo("validation_error"))
                    .body("errors", hasKey(c.field()));
        }
        api.request().body("{not json").post(base).then().statusCode(400).body("error", equalTo("invalid_json"));
        api.request().get(base).then().statusCode(200).body("data", hasSize(0));
    }

    @Test
    void managingNeedsTheTokenPermissionAndAnotherTeamSeesNothing() {
        TestApi api = TestApi.newTeam();
        String projectId = api.newProject("Guarded").get("id");
        String base = "/v1/projects/" + projectId + "/trusted-workloads";
        api.withOnly(Permissions.PROJECT_TOKENS_READ).request().body(policy(OidcIssuersResource.trusted.url()))
                .post(base).then().statusCode(403);
        String id = api.request().body(policy(OidcIssuersResource.trusted.url())).post(base).then().statusCode(201)
                .extract().jsonPath().getString("data.id");
        api.withOnly(Permissions.PROJECT_TOKENS_READ).request().get(base).then().statusCode(200)
                .body("data", hasSize(1));
        api.withOnly(Permissions.PROJECT_TOKENS_READ).request().delete(base + "/" + id).then().statusCode(403);
        TestApi other = TestApi.newTeam();
        other.request().get(base).then().statusCode(404);
        other.request().delete(base + "/" + id).then().statusCode(404);
        api.request().get(base + "/not-an-id").then().statusCode(404);
    }
}
