package org.mintpost.token;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.contracts.token.TokenFormat;
import org.mintpost.contracts.token.TokenKind;
import org.mintpost.testing.JwtKeys;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.PostgresResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/**
 * Named project tokens through their whole life, with the {@code token-changes} records each step
 * publishes (read back with the gateway's deserializer) and the edge's lookup by hash.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "mintpost_tokens_test"))
@QuarkusTestResource(TestKafka.class)
@QuarkusTestResource(JwtKeysResource.class)
class ProjectTokenLifecycleTest {

    static ValidatableResponse lookup(String secret) {
        return RestAssured.given().header("Authorization", "Bearer " + JwtKeys.shared().service())
                .contentType(ContentType.JSON).accept(ContentType.JSON)
                .body(Map.of("token_hash", TokenFormat.sha256Hex(secret)))
                .post("/internal/tokens/lookup").then();
    }

    @Test
    void createRegenerateRevokeWithTheEventsTheGatewayConsumes() {
        TestApi api = TestApi.newTeam();
        String projectId = api.newProject("Lifecycle").get("id");
        Instant expiresAt = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        try (TokenChangesProbe changes = new TokenChangesProbe()) {
            // create: the secret is shown once
            JsonPath created = api.request()
                    .body(Map.of("name", " CI deploys ", "expires_at", expiresAt.toString(),
                            "allowed_ips", List.of("10.0.0.0/8", "2001:db8::/32", "192.0.2.7")))
                    .post("/v1/projects/" + projectId + "/tokens").then().statusCode(201)
                    .body("data.name", equalTo("CI deploys"))
                    .body("data.status", equalTo("active"))
                    .body("data.expires_at", equalTo(expiresAt.toString()))
                    .body("data.allowed_ips", equalTo(List.of("10.0.0.0/8", "2001:db8::/32", "192.0.2.7")))
                    .body("data.last_used_at", nullValue())
                    .body("data", hasKey("last_used_ip"))
                    .body("data.created_at", notNullValue())
                    .body("data.updated_at", notNullValue())
                    .extract().jsonPath();
            String tokenId = created.getString("data.id");
            String secret1 = created.getString("token");
            assertTrue(TokenFormat.isValid(secret1, TokenKind.PROJECT));
            assertEquals(TokenFormat.display(secret1), created.getString("data.display"));
            // Kafka acknowledged the change before the call returned
            assertEquals(0, TestDb.unsent(tokenId));

            ConsumerRecord<String, TokenChanged> record = changes.await(
                    e -> e.tokenId().equals(tokenId) && e.revision() == 1, Duration.ofSeconds(10));
            assertEquals(tokenId, record.key(), "key = token id");
            TokenChanged c = record.value();
            assertEquals(TokenChanged.CHANGE_CREATED, c.change());
            assertEquals(TokenChanged.KIND_PROJECT, c.kind());
            assertEquals(api.teamId, c.teamId());
            assertEquals(projectId, c.projectId());
            assertEquals("CI deploys", c.name());
            assertEquals(TokenFormat.sha256Hex(secret1), c.tokenHash());
            assertNull(c.previousHash());
            assertNull(c.previousValidUntil());
            assertEquals(TokenChanged.STATUS_ACTIVE, c.status());
            assertEquals(List.of(), c.permissions());
            assertEquals(expiresAt, c.expiresAt());
            assertEquals(List.of("10.0.0.0/8", "2001:db8::/32", "192.0.2.7"), c.allowedIps());
            assertEquals(Boolean.FALSE, c.smtpEnabled());
            assertEquals(TokenChanged.SCHEMA_VERSION, c.schemaVersion());
            assertNotNull(c.eventId());
            assertNotNull(c.occurredAt());
            assertEquals("team_token:" + api.tokenId, c.actor());

            lookup(secret1).statusCode(200)
                    .body("token_id", equalTo(tokenId))
                    .body("token_hash", equalTo(TokenFormat.sha256Hex(secret1)))
                    .body("status", equalTo("active"))
                    .body("revision", equalTo(1));

            // never shown again
            String list = api.request().get("/v1/projects/" + projectId + "/tokens").then().statusCode(200)
                    .extract().asString();
            assertFalse(list.contains(secret1));

            // regenerate without grace: same id and name, the old secret dies at once
            JsonPath regenerated = api.request().post("/v1/projects/" + projectId + "/tokens/" + tokenId
                    + "/regenerate").then().statusCode(200)
                    .body("data.id", equalTo(tokenId))
                    .body("data.name", equalTo("CI deploys"))
                    .extract().jsonPath();
            String secret2 = regenerated.getString("token");
            assertNotEquals(secret1, secret2);
            assertEquals(0, TestDb.unsent(tokenId));
            TokenChanged r2 = changes.await(e -> e.tokenId().equals(tokenId) && e.revision() == 2,
                    Duration.ofSeconds(10)).value();
            assertEquals(TokenChanged.CHANGE_REGENERATED, r2.change());
            assertEquals(TokenFormat.sha256Hex(secret2), r2.tokenHash());
            assertNull(r2.previousHash());
            lookup(secret1).statusCode(404).body("error", equalTo("not_found"));
            lookup(secret2).statusCode(200).body("revision", equalTo(2));

            // regenerate with a grace: the previous secret stays valid until then
            String secret3 = api.request().body(Map.of("expire_previous_in", 60))
                    .post("/v1/projects/" + projectId + "/tokens/" + tokenId + "/regenerate")
                    .then().statusCode(200).extract().path("token");
            TokenChanged r3 = changes.await(e -> e.tokenId().equals(tokenId) && e.revision() == 3,
                    Duration.ofSeconds(10)).value();
            assertEquals(TokenFormat.sha256Hex(secret3), r3.tokenHash());
            assertEquals(TokenFormat.sha256Hex(secret2), r3.previousHash());
            long grace = Duration.between(Instant.now(), r3.previousValidUntil()).toSeconds();
            assertTrue(grace > 50 && grace <= 60, "grace ends ~60 s from now: " + grace);
            lookup(secret2).statusCode(200).body("token_id", equalTo(tokenId))
                    .body("previous_hash", equalTo(TokenFormat.sha256Hex(secret2)));

            // revoke: dead for good, grace included
            api.request().delete("/v1/projects/" + projectId + "/tokens/" + tokenId).then().statusCode(200)
                    .body("data.id", equalTo(tokenId))
                    .body("data.status", equalTo("revoked"))
                    .body("data", not(hasKey("token")));
            assertEquals(0, TestDb.unsent(tokenId));
            TokenChanged r4 = changes.await(e -> e.tokenId().equals(tokenId) && e.revision() == 4,
                    Duration.ofSeconds(10)).value();
            assertEquals(TokenChanged.CHANGE_REVOKED, r4.change());
            assertEquals(TokenChanged.STATUS_REVOKED, r4.status());
            assertNull(r4.previousHash());
            lookup(secret3).statusCode(200).body("status", equalTo("revoked"));
            lookup(secret2).statusCode(404);

            // revoking again changes nothing; a revoked token cannot be regenerated
            api.request().delete("/v1/projects/" + projectId + "/tokens/" + tokenId).then().statusCode(200)
                    .body("data.status", equalTo("revoked"));
            api.request().post("/v1/projects/" + projectId + "/tokens/" + tokenId + "/regenerate").then()
                    .statusCode(422).body("errors", hasKey("token"));

            List<TokenChanged> all = changes.forToken(tokenId, Duration.ofMillis(500));
            assertEquals(List.of(1L, 2L, 3L, 4L), all.stream().map(TokenChanged::revision).toList(),
                    "one record per change, in revision order");
            assertTrue(changes.records().stream().filter(r -> tokenId.equals(r.key()))
                    .map(ConsumerRecord::partition).distinct().count() == 1);
        }
    }

    @Test
    void namesAreTrimmedAndUniquePerProjectAmongLiveTokens() {
        TestApi api = TestApi.newTeam();
        String p1 = api.newProject("One").get("id");
        String p2 = api.newProject("Two").get("id");
        Map<String, String> staging = api.newProjectToken(p1, Map.of("name", "staging"));
        api.request().body(Map.of("name", "  Staging ")).post("/v1/projects/" + p1 + "/tokens").then()
                .statusCode(422).body("error", equalTo("validation_error"))
                .body("errors.name[0]", equalTo("The name has already been taken."));
        // the same name in another project is fine
        api.newProjectToken(p2, Map.of("name", "staging"));
        // and free again once revoked
        api.request().delete("/v1/projects/" + p1 + "/tokens/" + staging.get("id")).then().statusCode(200);
        api.newProjectToken(p1, Map.of("name", "staging"));
        api.request().get("/v1/projects/" + p1 + "/tokens").then()
                .body("data.name", equalTo(List.of("Default", "staging", "staging")))
                .body("data.status", equalTo(List.of("active", "revoked", "active")));
    }

    @Test
    void manyTokensPerProjectAreIndependent() {
        TestApi api = TestApi.newTeam();
        String projectId = api.newProject("Many").get("id");
        Map<String, String> a = api.newProjectToken(projectId, Map.of("name", "production"));
        Map<String, String> b = api.newProjectToken(projectId, Map.of("name", "staging"));
        api.request().delete("/v1/projects/" + projectId + "/tokens/" + a.get("id")).then().statusCode(200);
        lookup(a.get("token")).statusCode(200).body("status", equalTo("revoked"));
        lookup(b.get("token")).statusCode(200).body("status", equalTo("active"))
                .body("name", equalTo("staging"));
    }
}
