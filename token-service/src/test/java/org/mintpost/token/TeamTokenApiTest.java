package org.mintpost.token;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.contracts.token.Permissions;
import org.mintpost.contracts.token.TokenFormat;
import org.mintpost.contracts.token.TokenKind;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.PostgresResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Team tokens: same shapes as project tokens plus {@code permissions}; published and looked up the same way. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "mintpost_tokens_test"))
@QuarkusTestResource(TestKafka.class)
@QuarkusTestResource(JwtKeysResource.class)
class TeamTokenApiTest {

    @Test
    void teamTokenLifecycle() {
        TestApi api = TestApi.newTeam();
        try (TokenChangesProbe changes = new TokenChangesProbe()) {
            JsonPath created = api.request()
                    .body(Map.of("name", "deployer", "permissions",
                            List.of(Permissions.PROJECTS_READ, Permissions.PROJECT_TOKENS_MANAGE),
                            "allowed_ips", List.of("203.0.113.0/24")))
                    .post("/v1/team/tokens").then().statusCode(201)
                    .body("data.name", equalTo("deployer"))
                    .body("data.permissions", equalTo(List.of(Permissions.PROJECTS_READ,
                            Permissions.PROJECT_TOKENS_MANAGE)))
                    .body("data.allowed_ips", equalTo(List.of("203.0.113.0/24")))
                    .body("data.status", equalTo("active"))
                    .extract().jsonPath();
            String id = created.getString("data.id");
            String secret = created.getString("token");
            assertTrue(TokenFormat.isValid(secret, TokenKind.TEAM));
            assertEquals(0, TestDb.unsent(id));

            TokenChanged c = changes.await(e -> e.tokenId().equals(id), Duration.ofSeconds(10)).value();
            assertEquals(TokenChanged.KIND_TEAM, c.kind());
            assertEquals(api.teamId, c.teamId());
            assertNull(c.projectId());
            assertNull(c.smtpEnabled());
            assertEquals(List.of(Permissions.PROJECTS_READ, Permissions.PROJECT_TOKENS_MANAGE), c.permissions());
            assertEquals(TokenFormat.sha256Hex(secret), c.tokenHash());

            ProjectTokenLifecycleTest.lookup(secret).statusCode(200)
                    .body("kind", equalTo("team"))
                    .body("permissions", hasItem(Permissions.PROJECTS_READ));

            String list = api.request().get("/v1/team/tokens").then().statusCode(200)
                    .body("data.find { it.id == '" + id + "' }.permissions.size()", equalTo(2))
                    .extract().asString();
            assertFalse(list.contains(secret), "the secret is never listed");

            api.request().body(Map.of("name", "Deployer ", "permissions", List.of(Permissions.PROJECTS_READ)))
                    .post("/v1/team/tokens").then().statusCode(422).body("errors.name[0]",
                            equalTo("The name has already been taken."));

            String renewed = api.request().body(Map.of("expire_previous_in", 30))
                    .post("/v1/team/tokens/" + id + "/regenerate").then().statusCode(200)
                    .body("data.id", equalTo(id))
                    .extract().path("token");
            TokenChanged r = changes.await(e -> e.tokenId().equals(id) && e.revision() == 2,
                    Duration.ofSeconds(10)).value();
            assertEquals(TokenChanged.CHANGE_REGENERATED, r.change());
            assertEquals(TokenFormat.sha256Hex(secret), r.previousHash());
            ProjectTokenLifecycleTest.lookup(secret).statusCode(200);
            ProjectTokenLifecycleTest.lookup(renewed).statusCode(200);

            api.request().delete("/v1/team/tokens/" + id).then().statusCode(200)
                    .body("data.status", equalTo("revoked"));
            TokenChanged revoked = changes.await(e -> e.tokenId().equals(id) && e.revision() == 3,
                    Duration.ofSeconds(10)).value();
            assertEquals(TokenChanged.STATUS_REVOKED, revoked.status());
            ProjectTokenLifecycleTest.lookup(secret).statusCode(404);
        }
    }
}
