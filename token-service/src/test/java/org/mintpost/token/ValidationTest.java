package org.mintpost.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.token.Permissions;
import org.mintpost.testing.JwtKeys;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.PostgresResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Bad input gets API.md's error bodies: 400 invalid_json, 422 naming the field; never a 5xx. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "mintpost_tokens_test"))
@QuarkusTestResource(TestKafka.class)
@QuarkusTestResource(JwtKeysResource.class)
class ValidationTest {

    static ValidatableResponse raw(TestApi api, String method, String path, String body) {
        return api.request().body(body).request(method, path).then();
    }

    static void invalid(ValidatableResponse response, String... fields) {
        response.statusCode(422)
                .contentType(ContentType.JSON)
                .body("error", equalTo("validation_error"))
                .body("message", instanceOf(String.class));
        for (String field : fields) {
            response.body("errors", hasKey(field));
        }
    }

    @Test
    void unparseableJsonIs400InvalidJson() {
        TestApi api = TestApi.newTeam();
        String projectId = api.newProject("Bodies").get("id");
        String tokenId = api.newProjectToken(projectId, Map.of("name", "t")).get("id");
        List<String[]> targets = List.of(
                new String[] {"POST", "/v1/projects"},
                new String[] {"PUT", "/v1/projects/" + projectId},
                new String[] {"POST", "/v1/projects/" + projectId + "/tokens"},
                new String[] {"POST", "/v1/projects/" + projectId + "/tokens/" + tokenId + "/regenerate"},
                new String[] {"POST", "/v1/team/tokens"});
        for (String[] t : targets) {
            for (String body : List.of("{\"name\":", "{name: 'x'}", "not json", "{\"a\":1}}")) {
                raw(api, t[0], t[1], body).statusCode(400)
                        .contentType(ContentType.JSON)
                        .body("error", equalTo("invalid_json"))
                        .body("message", instanceOf(String.class));
            }
        }
        given().header("Authorization", "Bearer " + JwtKeys.shared().service()).contentType(ContentType.JSON)
                .body("{\"token_hash\": ").post("/internal/tokens/lookup").then().statusCode(400)
                .body("error", equalTo("invalid_json"));
    }

    @Test
    void wrongJsonTypesAre422NamingTheField() {
        TestApi api = TestApi.newTeam();
        String projectId = api.newProject("Types").get("id");
        String tokenId = api.newProjectToken(projectId, Map.of("name", "t")).get("id");
        invalid(raw(api, "POST", "/v1/projects", "[]"), "body");
        invalid(raw(api, "POST", "/v1/projects", "\"name\""), "body");
        invalid(raw(api, "POST", "/v1/projects", "{\"name\": 123}"), "name");
        invalid(raw(api, "POST", "/v1/projects", "{\"name\": [\"a\"]}"), "name");
        invalid(raw(api, "POST", "/v1/projects", "{\"name\": \"ok\", \"smtp_enabled\": \"yes\", \"short_token\": 1}"),
                "smtp_enabled", "short_token");
        invalid(raw(api, "PUT", "/v1/projects/" + projectId, "{\"name\": false, \"smtp_enabled\": 0}"),
                "name", "smtp_enabled");
        invalid(raw(api, "POST", "/v1/projects/" + projectId + "/tokens",
                "{\"name\": \"x\", \"allowed_ips\": \"10.0.0.1\"}"), "allowed_ips");
        invalid(raw(api, "POST", "/v1/projects/" + projectId + "/tokens",
                "{\"name\": \"x\", \"allowed_ips\": [\"10.0.0.1\", 7]}"), "allowed_ips.1");
        invalid(raw(api, "POST", "/v1/projects/" + projectId + "/tokens",
                "{\"name\": \"x\", \"expires_at\": 1893456000}"), "expires_at");
        for (String grace : List.of("\"60\"", "1.5", "true", "[]")) {
            invalid(raw(api, "POST", "/v1/projects/" + projectId + "/tokens/" + tokenId + "/regenerate",
                    "{\"expire_previous_in\": " + grace + "}"), "expire_previous_in");
        }
        invalid(raw(api, "POST", "/v1/team/tokens", "{\"name\": \"x\", \"permissions\": \"projects:read\"}"),
                "permissions");
    }

    @Test
    void fieldRulesAre422WithEveryFieldNamed() {
        TestApi api = TestApi.newTeam();
        String projectId = api.newProject("Rules").get("id");
        String tokenId = api.newProjectToken(projectId, Map.of("name", "t")).get("id");
        String tokens = "/v1/projects/" + projectId + "/tokens";

        invalid(api.createProject(Map.of()), "name");
        invalid(api.createProject(Map.of("name", "   ")), "name");
        invalid(api.createProject(Map.of("name", "x".repeat(256))), "name");
        api.createProject(Map.of("name", "x".repeat(255))).statusCode(201);
        invalid(api.request().body(Map.of("name", "")).put("/v1/projects/" + projectId).then(), "name");
        invalid(api.request().body(Map.of("default_route_id", "r1")).put("/v1/projects/" + projectId).then(),
                "default_route_id");

        invalid(api.request().body(Map.of()).post(tokens).then(), "name");
        invalid(api.request().body(Map.of("name", "y".repeat(101))).post(tokens).then(), "name");
        api.request().body(Map.of("name", " " + "y".repeat(100) + " ")).post(tokens).then().statusCode(201);
        invalid(api.request().body(Map.of("name", "ips", "allowed_ips",
                List.of("999.1.1.1", "10.0.0.0/33", "example.com", "::1/129", "10.0.0.0/8", "2001:db8::/48", "")))
                .post(tokens).then(), "allowed_ips.0", "allowed_ips.1", "allowed_ips.2", "allowed_ips.3",
                "allowed_ips.6");
        api.request().body(Map.of("name", "ips-ok", "allowed_ips", List.of("10.0.0.0/8", "::1", "2001:db8::/48")))
                .post(tokens).then().statusCode(201);
        invalid(api.request().body(Map.of("name", "old", "expires_at", "2020-01-01T00:00:00Z")).post(tokens).then(),
                "expires_at");
        invalid(api.request().body(Map.of("name", "when", "expires_at", "tomorrow")).post(tokens).then(),
                "expires_at");
        api.request().body(Map.of("name", "offset", "expires_at", "2099-01-01T10:00:00+02:00")).post(tokens).then()
                .statusCode(201).body("data.expires_at", equalTo("2099-01-01T08:00:00Z"));

        for (long grace : List.of(-1L, 604_801L)) {
            invalid(api.request().body(Map.of("expire_previous_in", grace))
                    .post(tokens + "/" + tokenId + "/regenerate").then(), "expire_previous_in");
        }
        api.request().body(Map.of("expire_previous_in", 604_800)).post(tokens + "/" + tokenId + "/regenerate")
                .then().statusCode(200);

        invalid(api.request().body(Map.of("name", "no perms")).post("/v1/team/tokens").then(), "permissions");
        invalid(api.request().body(Map.of("name", "bad perms", "permissions", List.of("projects:read", "root")))
                .post("/v1/team/tokens").then(), "permissions.1");

        for (String hash : List.of("abc", "A".repeat(64), "g".repeat(64))) {
            invalid(given().header("Authorization", "Bearer " + JwtKeys.shared().service())
                    .contentType(ContentType.JSON).body(Map.of("token_hash", hash))
                    .post("/internal/tokens/lookup").then(), "token_hash");
        }
    }

    @Test
    void nothingMalformedEverGetsA5xxOrAStackTrace() {
        TestApi api = TestApi.newTeam();
        String projectId = api.newProject("Fuzz").get("id");
        String tokenId = api.newProjectToken(projectId, Map.of("name", "t")).get("id");
        List<String> bodies = List.of("", "null", "{}", "[]", "0", "\"\"", "{\"name\": null}",
                "{\"name\": {\"a\": 1}}", "{\"name\": \"\\u0000\"}", "{\"allowed_ips\": [null]}",
                "{\"permissions\": [null, 1]}", "{\"expires_at\": \"9999999-01-01T00:00:00Z\"}",
                "{\"expire_previous_in\": 1e400}", "{\"expire_previous_in\": 99999999999999999999999}",
                "{\"name\": \"" + "z".repeat(100_000) + "\"}", "\u00ff\u00fe");
        List<String[]> targets = List.of(
                new String[] {"POST", "/v1/projects"},
                new String[] {"PUT", "/v1/projects/" + projectId},
                new String[] {"POST", "/v1/projects/" + projectId + "/tokens"},
                new String[] {"POST", "/v1/projects/" + projectId + "/tokens/" + tokenId + "/regenerate"},
                new String[] {"POST", "/v1/team/tokens"});
        for (String[] t : targets) {
            for (String body : bodies) {
                raw(api, t[0], t[1], body).statusCode(lessThan(500))
                        .body(not(containsString("Exception")))
                        .body(not(containsString("at org.")));
            }
        }
        api.request().contentType("text/plain").body("name=x").post("/v1/projects").then()
                .statusCode(lessThan(500)).contentType(ContentType.JSON).body("error", instanceOf(String.class));
        api.request().get("/v1/nothing-here").then().statusCode(404).contentType(ContentType.JSON)
                .body("error", equalTo("not_found"));
        api.request().patch("/v1/projects/" + projectId).then().statusCode(405).contentType(ContentType.JSON);
        api.request().queryParam("cursor", "\u0000%00").get("/v1/projects").then().statusCode(422);
        api.request().body(Map.of("name", "later", "expires_at", Instant.now().plusSeconds(3600).toString()))
                .post("/v1/projects/" + projectId + "/tokens").then().statusCode(201);
        api.request().body(Map.of("name", "all", "permissions", Permissions.ALL)).post("/v1/team/tokens").then()
                .statusCode(201);
    }
}
