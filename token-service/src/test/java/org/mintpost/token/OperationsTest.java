package org.mintpost.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.PostgresResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** Health, metrics and the OpenAPI document, without authentication. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "mintpost_tokens_test"))
@QuarkusTestResource(TestKafka.class)
@QuarkusTestResource(JwtKeysResource.class)
class OperationsTest {

    @Test
    void healthProbesAreUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", org.hamcrest.Matchers.hasItem("token-changes outbox"))
                .body("checks.find { it.name == 'internal-jwt-key' }.status", equalTo("UP"));
    }

    @Test
    void metricsShowTheOutboxAndTokenChangesButNoSecret() {
        TestApi.newTeam().newProject("Metrics");
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("mintpost_outbox_published_total"))
                .body(containsString("mintpost_outbox_pending"))
                .body(containsString("mintpost_token_changes_total{change=\"created\",kind=\"project\"}"))
                .body(containsString("mintpost_last_used_writes_total"))
                .body(not(containsString("lm_")));
    }

    @Test
    void openApiDocumentNamesTheApiMdPathsAndFields() throws Exception {
        String json = given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", hasKey("/v1/projects"))
                .body("paths", hasKey("/v1/projects/{id}"))
                .body("paths", hasKey("/v1/projects/{id}/rotate-token"))
                .body("paths", hasKey("/v1/projects/{id}/tokens"))
                .body("paths", hasKey("/v1/projects/{id}/tokens/{tokenId}"))
                .body("paths", hasKey("/v1/projects/{id}/tokens/{tokenId}/regenerate"))
                .body("paths", hasKey("/v1/team/tokens"))
                .body("paths", hasKey("/v1/team/tokens/{tokenId}"))
                .body("paths", hasKey("/v1/team/tokens/{tokenId}/regenerate"))
                .body("paths", hasKey("/internal/tokens/lookup"))
                .body("components.schemas.ProjectData.properties", hasKey("token_generated_at"))
                .body("components.schemas.ProjectData.properties", hasKey("smtp_enabled"))
                .body("components.schemas.Token.properties", hasKey("last_used_ip"))
                .body("components.schemas.ProjectStoreResponse.properties", hasKey("api_token"))
                .body("components.schemas.ProjectRotateTokenResponse.properties", hasKey("new_token"))
                .body("components.schemas.ValidationError.properties", hasKey("errors"))
                .body("paths.'/v1/projects/{id}'.get.responses", hasKey("404"))
                .body("paths.'/v1/projects'.post.responses", hasKey("422"))
                .body("paths.'/v1/projects'.post.responses", hasKey("201"))
                // as Lettermint documents them: the bodies' own schemas, 201 for every create
                .body("paths.'/v1/projects'.post.requestBody.content.'application/json'.schema.$ref",
                        equalTo("#/components/schemas/StoreProjectData"))
                .body("paths.'/v1/domains'.post.requestBody.content.'application/json'.schema.$ref",
                        equalTo("#/components/schemas/StoreDomainData"))
                .body("paths.'/v1/routes/{id}'.put.requestBody.content.'application/json'.schema.$ref",
                        equalTo("#/components/schemas/UpdateRouteData"))
                .body("paths.'/v1/domains'.post.responses", hasKey("201"))
                .body("paths.'/v1/domains'.post.responses", not(hasKey("200")))
                .body("paths.'/v1/suppressions'.post.responses", hasKey("201"))
                .body("paths.'/v1/projects/{projectId}/routes'.post.responses", hasKey("201"))
                .body("paths.'/v1/projects/{id}/trusted-workloads'.post.responses", hasKey("201"))
                .body("paths.'/v1/oidc/token'.post.responses", hasKey("201"))
                .body("paths.'/v1/projects'.get.parameters.name", hasItems("page[size]", "page[cursor]"))
                .extract().asString();
        Files.writeString(Path.of("target/openapi.json"), json);
    }
}
