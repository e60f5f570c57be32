package org.mintpost.token;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.PostgresResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** A token past its {@code expires_at} is marked expired and that change is published. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "mintpost_tokens_test"))
@QuarkusTestResource(TestKafka.class)
@QuarkusTestResource(JwtKeysResource.class)
class ExpiryTest {

    @Test
    void anExpiredTokenIsPublishedAsExpired() {
        TestApi api = TestApi.newTeam();
        String projectId = api.newProject("Expiring").get("id");
        try (TokenChangesProbe changes = new TokenChangesProbe()) {
            Map<String, String> token = api.newProjectToken(projectId,
                    Map.of("name", "short-lived", "expires_at", Instant.now().plusSeconds(2).toString()));
            TokenChanged expired = changes.await(e -> e.tokenId().equals(token.get("id"))
                    && e.change().equals(TokenChanged.CHANGE_EXPIRED), Duration.ofSeconds(20)).value();
            assertEquals(TokenChanged.STATUS_EXPIRED, expired.status());
            assertEquals(2, expired.revision());
            assertEquals("system", expired.actor());
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> api.request()
                    .get("/v1/projects/" + projectId + "/tokens").then()
                    .body("data.find { it.id == '" + token.get("id") + "' }.status", equalTo("expired")));
            ProjectTokenLifecycleTest.lookup(token.get("token")).statusCode(200).body("status", equalTo("expired"));
            // an expired token cannot be regenerated back to life
            api.request().post("/v1/projects/" + projectId + "/tokens/" + token.get("id") + "/regenerate").then()
                    .statusCode(422);
        }
    }
}
