package org.mintpost.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.contracts.token.TokenFormat;
import org.mintpost.contracts.token.TokenKind;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.PostgresResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** The official SDK's {@code projects} surface, called the way the SDK calls it. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "mintpost_tokens_test"))
@QuarkusTestResource(TestKafka.class)
@QuarkusTestResource(JwtKeysResource.class)
class ProjectApiTest {

    @Test
    void createRetrieveUpdateRotateDeleteAsTheSdkDoes() {
        TestApi api = TestApi.newTeam();
        JsonPath created = api.createProject(Map.of("name", "  Shop  ", "smtp_enabled", true))
                .statusCode(201)
                .body("message", equalTo("Project created successfully."))
                .body("data.name", equalTo("Shop"))
                .body("data.smtp_enabled", equalTo(true))
                .body("data.redact_email_content", equalTo(false))
                .body("data", hasKey("default_route_id"))
                .body("data.token_generated_at", notNullValue())
                .body("data.token_last_used_at", nullValue())
                .body("data.created_at", matchesPattern("\\d{4}-\\d\\d-\\d\\dT.*Z"))
                .extract().jsonPath();
        String id = created.getString("data.id");
        String apiToken = created.getString("api_token");
        assertTrue(TokenFormat.isValid(apiToken, TokenKind.PROJECT), "api_token is a valid project token");
        assertEquals(35, apiToken.length(), "lm_ + 32");

        api.request().get("/v1/projects/" + id).then().statusCode(200)
                .body("id", equalTo(id))
                .body("name", equalTo("Shop"))
                .body("token_generated_at", notNullValue())
                .body("token_last_used_ip", nullValue());

        // the first token is named Default and is listed without its secret
        api.request().get("/v1/projects/" + id + "/tokens").then().statusCode(200)
                .body("data.size()", equalTo(1))
                .body("data[0].name", equalTo("Default"))
                .body("data[0].display", equalTo(TokenFormat.display(apiToken)))
                .body("data[0].status", equalTo("active"))
                .body("data[0]", not(hasKey("token")))
                .body("data[0]", not(hasKey("permissions")));

        api.request().body(Map.of("name", "Shop EU", "smtp_enabled", false)).put("/v1/projects/" + id)
                .then().statusCode(200)
                .body("message", equalTo("Project updated successfully."))
                .body("data.name", equalTo("Shop EU"))
                .body("data.smtp_enabled", equalTo(false));

        // rotate-token: the SDK posts without a body
        String rotated = api.request().post("/v1/projects/" + id + "/rotate-token").then().statusCode(200)
                .body("message", equalTo("API token rotated successfully. Please update your integrations."))
                .body("data.id", equalTo(id))
                .extract().path("new_token");
        assertTrue(TokenFormat.isValid(rotated, TokenKind.PROJECT));
        assertNotEquals(apiToken, rotated);
        api.request().get("/v1/projects/" + id + "/tokens").then()
                .body("data.size()", equalTo(1))
                .body("data[0].name", equalTo("Default"))
                .body("data[0].display", equalTo(TokenFormat.display(rotated)));

        api.request().delete("/v1/projects/" + id).then().statusCode(200)
                .body("message", equalTo("Project deleted successfully."));
        api.request().get("/v1/projects/" + id).then().statusCode(404)
                .body("error", equalTo("not_found"));
        api.request().get("/v1/projects/" + id + "/tokens").then().statusCode(404);
    }

    @Test
    void shortTokenGivesA22CharacterBodyAlsoOnRotation() {
        TestApi api = TestApi.newTeam();
        JsonPath created = api.createProject(Map.of("name", "Short", "short_token", true)).statusCode(201)
                .extract().jsonPath();
        String token = created.getString("api_token");
        assertTrue(TokenFormat.isValid(token, TokenKind.PROJECT));
        assertEquals(3 + 22, token.length());
        String rotated = api.request().post("/v1/projects/" + created.getString("data.id") + "/rotate-token")
                .then().statusCode(200).extract().path("new_token");
        assertEquals(3 + 22, rotated.length());
    }

    @Test
    void smtpSwitchAndDeletionArePublishedForEveryTokenOfTheProject() {
        TestApi api = TestApi.newTeam();
        try (TokenChangesProbe changes = new TokenChangesProbe()) {
            Map<String, String> project = api.newProject("Switch");
            Map<String, String> second = api.newProjectToken(project.get("id"), Map.of("name", "CI"));
            api.request().body(Map.of("smtp_enabled", true)).put("/v1/projects/" + project.get("id"))
                    .then().statusCode(200);
            TokenChanged updated = changes.await(e -> e.tokenId().equals(second.get("id"))
                    && e.change().equals(TokenChanged.CHANGE_UPDATED), Duration.ofSeconds(10)).value();
            assertEquals(Boolean.TRUE, updated.smtpEnabled());
            assertEquals(TokenChanged.STATUS_ACTIVE, updated.status());

            // an unchanged switch publishes nothing new
            api.request().body(Map.of("name", "Renamed")).put("/v1/projects/" + project.get("id"))
                    .then().statusCode(200);

            api.request().delete("/v1/projects/" + project.get("id")).then().statusCode(200);
            TokenChanged deleted = changes.await(e -> e.tokenId().equals(second.get("id"))
                    && e.change().equals(TokenChanged.CHANGE_DELETED), Duration.ofSeconds(10)).value();
            assertEquals(TokenChanged.STATUS_REVOKED, deleted.status());
            List<TokenChanged> all = changes.forToken(second.get("id"), Duration.ofMillis(300));
            assertEquals(List.of("created", "updated", "deleted"), all.stream().map(TokenChanged::change).toList());
            assertEquals(List.of(1L, 2L, 3L), all.stream().map(TokenChanged::revision).toList());
        }
    }

    @Test
    void listIsCursorPaginatedInCreationOrder() {
        TestApi api = TestApi.newTeam();
        for (int i = 1; i <= 5; i++) {
            api.newProject("P" + i);
        }
        JsonPath first = api.request().queryParam("per_page", 2).get("/v1/projects").then().statusCode(200)
                .body("per_page", equalTo(2))
                .body("data.name", equalTo(List.of("P1", "P2")))
                .body("prev_cursor", nullValue())
                .body("prev_page_url", nullValue())
                .body("path", matchesPattern("http://.*/v1/projects"))
                .body("data[0]", hasKey("last_28_days"))
                .body("data[0].routes_count", equalTo(2))
                .extract().jsonPath();
        String next = first.getString("next_cursor");
        assertTrue(first.getString("next_page_url").contains(next), first.getString("next_page_url"));
        JsonPath second = api.request().queryParam("per_page", 2).queryParam("cursor", next).get("/v1/projects")
                .then().statusCode(200)
                .body("data.name", equalTo(List.of("P3", "P4")))
                .extract().jsonPath();
        JsonPath third = api.request().queryParam("per_page", 2)
                .queryParam("cursor", second.getString("next_cursor")).get("/v1/projects")
                .then().statusCode(200)
                .body("data.name", equalTo(List.of("P5")))
                .body("next_cursor", nullValue())
                .body("next_page_url", nullValue())
                .extract().jsonPath();
        // and back
        api.request().queryParam("per_page", 2).queryParam("cursor", third.getString("prev_cursor"))
                .get("/v1/projects").then().statusCode(200)
                .body("data.name", equalTo(List.of("P3", "P4")));
        api.request().queryParam("per_page", 2).queryParam("cursor", second.getString("prev_cursor"))
                .get("/v1/projects").then().statusCode(200)
                .body("data.name", equalTo(List.of("P1", "P2")))
                .body("prev_cursor", nullValue());
        // default page size 30 (Lettermint's), maximum 100
        api.request().get("/v1/projects").then().body("per_page", equalTo(30)).body("data.size()", equalTo(5));
        api.request().queryParam("per_page", 1000).get("/v1/projects").then().statusCode(200)
                .body("per_page", equalTo(100));
        // another team sees none of them
        TestApi.newTeam().request().get("/v1/projects").then().statusCode(200).body("data.size()", equalTo(0));
    }

    /** The official SDK passes Lettermint's names, {@code page[size]} and {@code page[cursor]}, as query params. */
    @Test
    void listTakesLettermintsPageParametersAndItsNextPageUrlWorks() {
        TestApi api = TestApi.newTeam();
        for (int i = 1; i <= 3; i++) {
            api.newProject("L" + i);
        }
        JsonPath first = api.request().queryParam("page[size]", 2).get("/v1/projects").then().statusCode(200)
                .body("per_page", equalTo(2))
                .body("data.name", equalTo(List.of("L1", "L2")))
                .extract().jsonPath();
        String next = first.getString("next_cursor");
        api.request().queryParam("page[size]", 2).queryParam("page[cursor]", next).get("/v1/projects").then()
                .statusCode(200).body("data.name", equalTo(List.of("L3"))).body("next_cursor", nullValue());
        // the next page's URL keeps the page size and carries the cursor as page[cursor]
        String url = first.getString("next_page_url");
        api.request().urlEncodingEnabled(false).get(url).then().statusCode(200)
                .body("per_page", equalTo(2)).body("data.name", equalTo(List.of("L3")));
        api.request().queryParam("page[size]", "zero").get("/v1/projects").then().statusCode(422)
                .body("errors", hasKey("page.size"));
        api.request().queryParam("page[cursor]", "garbage").get("/v1/projects").then().statusCode(422);
    }

    @Test
    void paginationEdgesAreValidationErrorsNeverServerErrors() {
        TestApi api = TestApi.newTeam();
        for (String cursor : List.of("garbage", "%%%", "bi5hYmM", "cC4xLjI", "bi45OTk5OTk5OTk5OTk5OTk5OTk5LnV1aWQ")) {
            api.request().queryParam("cursor", cursor).get("/v1/projects").then().statusCode(422)
                    .body("error", equalTo("validation_error"))
                    .body("errors", hasKey("cursor"));
        }
        for (String perPage : List.of("0", "-1", "abc", "1.5")) {
            api.request().queryParam("per_page", perPage).get("/v1/projects").then().statusCode(422)
                    .body("errors", hasKey("per_page"));
        }
        // a well-formed cursor past the end is an empty page, not an error
        api.newProject("Only");
        String next = api.request().queryParam("per_page", 1).get("/v1/projects").then().extract()
                .path("next_cursor");
        assertEquals(null, next);
        given().get("/v1/projects").then().statusCode(401).contentType(ContentType.JSON)
                .body("error", equalTo("unauthenticated"));
    }
}
