package org.mintpost.token;

import static io.restassured.RestAssured.given;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.mintpost.contracts.token.Permissions;
import org.mintpost.testing.JwtKeys;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * Calls token-service as the edge does after authenticating a team token: {@code Authorization:
 * Bearer <internal JWT>}, with the headers the official SDK sends ({@code Content-Type} and
 * {@code Accept: application/json}).
 */
public final class TestApi {

    public final String teamId;
    public final String tokenId;
    public final Collection<String> permissions;

    private TestApi(String teamId, String tokenId, Collection<String> permissions) {
        this.teamId = teamId;
        this.tokenId = tokenId;
        this.permissions = permissions;
    }

    /** A caller of a fresh team holding every permission. */
    public static TestApi newTeam() {
        return new TestApi(UUID.randomUUID().toString(), UUID.randomUUID().toString(), Permissions.ALL);
    }

    public TestApi withOnly(String... permissions) {
        return new TestApi(teamId, UUID.randomUUID().toString(), List.of(permissions));
    }

    public TestApi sso(Collection<String> permissions) {
        return new TestApi(teamId, null, permissions);
    }

    public String jwt() {
        return JwtKeys.shared().teamCaller(teamId, tokenId, permissions);
    }

    public RequestSpecification request() {
        return given().header("Authorization", "Bearer " + jwt())
                .contentType(ContentType.JSON)
                .accept(ContentType.JSON);
    }

    // --- shortcuts ---------------------------------------------------------------------------------

    public ValidatableResponse createProject(Map<String, ?> body) {
        return request().body(body).post("/v1/projects").then();
    }

    /** Creates a project; returns {id, api_token}. */
    public Map<String, String> newProject(String name) {
        var json = createProject(Map.of("name", name)).statusCode(201).extract().jsonPath();
        return Map.of("id", json.getString("data.id"), "api_token", json.getString("api_token"));
    }

    /** Creates a named project token; returns {id, token}. */
    public Map<String, String> newProjectToken(String projectId, Map<String, ?> body) {
        var json = request().body(body).post("/v1/projects/" + projectId + "/tokens")
                .then().statusCode(201).extract().jsonPath();
        return Map.of("id", json.getString("data.id"), "token", json.getString("token"));
    }
}
