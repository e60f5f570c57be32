package org.mintpost.token;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.PostgresResource;
import org.mintpost.token.messaging.OutboxRelay;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The outbox as a crash safety net: changes committed while nothing publishes (the state right after
 * a crash between commit and publish) stay in the outbox and go out, in order, through the relay's
 * scheduled round once it runs again, as after a restart.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "mintpost_tokens_test"))
@QuarkusTestResource(TestKafka.class)
@QuarkusTestResource(JwtKeysResource.class)
class OutboxCrashTest {

    @Inject
    OutboxRelay relay;

    @Test
    void changesCommittedButNotPublishedGoOutAfterTheRelayRunsAgain() {
        TestApi api = TestApi.newTeam();
        String projectId = api.newProject("Crash").get("id");
        try (TokenChangesProbe changes = new TokenChangesProbe()) {
            String tokenId;
            relay.pause();
            try {
                // committed, not published: the caller is told so instead of a false success
                api.request().body(Map.of("name", "in-flight")).post("/v1/projects/" + projectId + "/tokens")
                        .then().statusCode(503)
                        .header("Retry-After", "1")
                        .body("error", equalTo("publication_pending"));
                tokenId = api.request().get("/v1/projects/" + projectId + "/tokens").then().statusCode(200)
                        .extract().path("data.find { it.name == 'in-flight' }.id");
                // a second change of the same token while still down
                api.request().delete("/v1/projects/" + projectId + "/tokens/" + tokenId).then().statusCode(503);
                assertEquals(2, TestDb.unsent(tokenId));
                assertTrue(changes.forToken(tokenId, Duration.ofSeconds(2)).isEmpty(),
                        "nothing reached Kafka while the relay was down");
            } finally {
                relay.resume();
            }
            // the scheduled safety net publishes both, in revision order, and marks them sent
            String id = tokenId;
            changes.await(e -> e.tokenId().equals(id) && e.revision() == 2, Duration.ofSeconds(15));
            List<TokenChanged> published = changes.forToken(tokenId, Duration.ofMillis(300));
            assertEquals(List.of("created", "revoked"), published.stream().map(TokenChanged::change).toList());
            assertEquals(List.of(1L, 2L), published.stream().map(TokenChanged::revision).toList());
            await().atMost(Duration.ofSeconds(10)).until(() -> TestDb.unsent(id) == 0);
        }
        // and the happy path is back: acknowledged before the call returns
        String next = api.newProjectToken(projectId, Map.of("name", "after")).get("id");
        assertEquals(0, TestDb.unsent(next));
    }

    @Test
    void rowsLeftByAnEarlierProcessArePublishedByTheScheduledRound() throws Exception {
        // rows written by "another process" that died before publishing: only the outbox knows them
        String tokenId = java.util.UUID.randomUUID().toString();
        String payload = "{\"event_id\":\"" + java.util.UUID.randomUUID() + "\",\"occurred_at\":\"2026-01-01T00:00:00Z\","
                + "\"schema_version\":1,\"change\":\"created\",\"token_id\":\"" + tokenId + "\",\"kind\":\"team\","
                + "\"team_id\":\"" + java.util.UUID.randomUUID() + "\",\"name\":\"orphan\",\"token_hash\":\""
                + "0".repeat(64) + "\",\"status\":\"active\",\"permissions\":[],\"allowed_ips\":[],"
                + "\"revision\":1,\"actor\":\"system\"}";
        try (TokenChangesProbe changes = new TokenChangesProbe();
                var c = TestDb.connect();
                var insert = c.prepareStatement("insert into tokens.outbox (topic, entity_id, revision, change, "
                        + "payload, created_at) values ('token-changes', ?::uuid, 1, 'created', ?, now())")) {
            insert.setString(1, tokenId);
            insert.setString(2, payload);
            insert.executeUpdate();
            TokenChanged event = changes.await(e -> e.tokenId().equals(tokenId), Duration.ofSeconds(15)).value();
            assertEquals("orphan", event.name());
            await().atMost(Duration.ofSeconds(10)).until(() -> TestDb.unsent(tokenId) == 0);
        }
    }
}
