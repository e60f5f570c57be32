package org.mintpost.token;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.testing.JwtKeys;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.PostgresResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Inactive tokens (issue #25): inactive_days on every token, the filter, the setting and the auto-revoke job. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "mintpost_tokens_test"))
@QuarkusTestResource(TestKafka.class)
@QuarkusTestResource(JwtKeysResource.class)
class InactiveTokensTest {

    @AfterEach
    void resetClock() {
        moveClock(0);
    }

    @Test
    void theFilterCountsFromCreationForNeverUsedTokens() {
        TestApi api = TestApi.newTeam();
        String projectId = api.newProject("Idle").get("id");
        api.newProjectToken(projectId, Map.of("name", "a"));
        String tokens = "/v1/projects/" + projectId + "/tokens";
        api.request().get(tokens).then().statusCode(200).body("data", hasSize(2))
                .body("data[0].inactive_days", equalTo(0)).body("data[0].auto_revoke_at", nullValue());
        api.request().queryParam("inactive_days", 1).get(tokens).then().statusCode(200).body("data", hasSize(0));
        moveClock(Duration.ofDays(10).toSeconds() + 60);
        api.request().get(tokens).then().statusCode(200).body("data[1].inactive_days", equalTo(10));
        api.request().queryParam("inactive_days", 10).get(tokens).then().statusCode(200).body("data", hasSize(2));
        api.request().queryParam("inactive_days", 11).get(tokens).then().statusCode(200).body("data", hasSize(0));
        api.request().queryParam("inactive_days", 10).get("/v1/team/tokens").then().statusCode(200);
        for (String bad : List.of("abc", "-1", "3651", "1.5")) {
            api.request().queryParam("inactive_days", bad).get(tokens).then().statusCode(422)
                    .body("errors.inactive_days", notNullValue());
        }
    }

    @Test
    void theSettingIsOffByDefaultAndValidated() {
        TestApi api = TestApi.newTeam();
        String projectId = api.newProject("Settings").get("id");
        String settings = "/v1/projects/" + projectId + "/token-settings";
        api.request().get(settings).then().statusCode(200).body("data.auto_revoke_inactive_days", nullValue());
        Map<String, Object> nullBody = new HashMap<>();
        nullBody.put("auto_revoke_inactive_days", null);
        for (Object bad : List.of(0, -1, 3651, "30", 1.5, true)) {
            api.request().body(Map.of("auto_revoke_inactive_days", bad)).put(settings).then().statusCode(422)
                    .body("errors.auto_revoke_inactive_days", notNullValue());
        }
        api.request().body(Map.of()).put(settings).then().statusCode(422);
        api.request().body(Map.of("auto_revoke_inactive_days", 30)).put(settings).then().statusCode(200)
                .body("data.auto_revoke_inactive_days", equalTo(30));
        api.request().body(nullBody).put(settings).then().statusCode(200)
                .body("data.auto_revoke_inactive_days", nullValue());
        // another team's project is not found; reading needs project_tokens:read, writing project_tokens:manage
        TestApi.newTeam().request().get(settings).then().statusCode(404);
        api.withOnly("projects:read").request().get(settings).then().statusCode(403);
        api.withOnly("project_tokens:read").request().body(Map.of("auto_revoke_inactive_days", 30)).put(settings)
                .then().statusCode(403);
    }

    @Test
    void theJobRevokesUnusedTokensAfterTheWarningWindow() {
        TestApi api = TestApi.newTeam();
        String projectId = api.newProject("Forgotten").get("id");
        Map<String, String> token = api.newProjectToken(projectId, Map.of("name", "old-ci"));
        String untouchedProject = api.newProject("Kept").get("id");
        Map<String, String> kept = api.newProjectToken(untouchedProject, Map.of("name", "kept"));
        api.request().body(Map.of("auto_revoke_inactive_days", 30))
                .put("/v1/projects/" + projectId + "/token-settings").then().statusCode(200);
        String tokens = "/v1/projects/" + projectId + "/tokens";
        String revokeAt = api.request().get(tokens).then().statusCode(200)
                .extract().path("data.find { it.id == '" + token.get("id") + "' }.auto_revoke_at");
        Instant created = Instant.parse(api.request().get(tokens).then()
                .extract().path("data.find { it.id == '" + token.get("id") + "' }.created_at"));
        assertEquals(created.plus(Duration.ofDays(30)), Instant.parse(revokeAt));
        String warning = "data.find { it.id == '" + token.get("id") + "' }.auto_revoke_warning";
        api.request().get(tokens).then().body(warning, equalTo(false));
        try (TokenChangesProbe changes = new TokenChangesProbe()) {
            // before the warning window: no warning yet
            moveClock(Duration.ofDays(22).toSeconds());
            api.request().get(tokens).then().body(warning, equalTo(false));
            // inside the warning window: still active and warned, the job leaves it alone
            moveClock(Duration.ofDays(25).toSeconds());
            api.request().get(tokens).then().body(warning, equalTo(true));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> api.request()
                    .get(tokens).then().body("data.find { it.id == '" + token.get("id") + "' }.status",
                            equalTo("active")));
            moveClock(Duration.ofDays(30).toSeconds() + 60);
            TokenChanged revoked = changes.await(e -> e.tokenId().equals(token.get("id"))
                    && TokenChanged.STATUS_REVOKED.equals(e.status()), Duration.ofSeconds(20)).value();
            assertEquals(TokenChanged.REASON_INACTIVE, revoked.reason());
            assertEquals("system", revoked.actor());
        }
        api.request().get(tokens).then().statusCode(200)
                .body("data.find { it.id == '" + token.get("id") + "' }.status", equalTo("revoked"))
                .body("data.find { it.id == '" + token.get("id") + "' }.revoked_reason", equalTo("inactive"));
        ProjectTokenLifecycleTest.lookup(token.get("token")).statusCode(200).body("status", equalTo("revoked"));
        ProjectTokenLifecycleTest.lookup(kept.get("token")).statusCode(200).body("status", equalTo("active"));
    }

    @Test
    void theClockCannotBeMovedWithoutAServiceToken() {
        TestApi.newTeam().request().body(Map.of("offset_seconds", 5)).put("/internal/clock").then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("offset_seconds", 5)).put("/internal/clock").then()
                .statusCode(401);
    }

    static void moveClock(long offsetSeconds) {
        given().header("Authorization", "Bearer " + JwtKeys.shared().service()).contentType(ContentType.JSON)
                .body(Map.of("offset_seconds", offsetSeconds)).put("/internal/clock").then().statusCode(200)
                .body("offset_seconds", equalTo((int) offsetSeconds));
    }
}
