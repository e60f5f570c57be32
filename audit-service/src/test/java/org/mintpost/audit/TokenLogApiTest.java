package org.mintpost.audit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mintpost.audit.AuditTestSupport.accepted;
import static org.mintpost.audit.AuditTestSupport.changed;
import static org.mintpost.audit.AuditTestSupport.id;
import static org.mintpost.audit.AuditTestSupport.jwt;
import static org.mintpost.audit.AuditTestSupport.now;
import static org.mintpost.audit.AuditTestSupport.send;
import static org.mintpost.audit.AuditTestSupport.used;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.contracts.event.TokenUsed;
import org.mintpost.contracts.token.InternalClaims;
import org.mintpost.contracts.token.Permissions;
import org.mintpost.testing.JwtKeys;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.KafkaResource;
import org.mintpost.testing.PostgresResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.jwt.build.Jwt;

/** Token logs through real Kafka and PostgreSQL: shape, order, filters, pagination, visibility. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database",
        value = AuditTestSupport.DATABASE))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(JwtKeysResource.class)
class TokenLogApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static String path(String projectId, String tokenId) {
        return "/v1/projects/" + projectId + "/tokens/" + tokenId + "/logs";
    }

    private static JsonPath logs(String teamId, String projectId, String tokenId, String query) {
        return given().header("Authorization", "Bearer " + jwt(teamId, Permissions.PROJECT_TOKENS_READ))
                .when().get(path(projectId, tokenId) + (query == null ? "" : "?" + query))
                .then().statusCode(200).extract().jsonPath();
    }

    private static void awaitCount(String teamId, String projectId, String tokenId, int expected) {
        await().atMost(WAIT).untilAsserted(() -> assertEquals(expected,
                logs(teamId, projectId, tokenId, "limit=100").getList("data").size()));
    }

    @Test
    void usesRefusalsAndLifecycleShareOneFeedNewestFirst() {
        String team = id();
        String project = id();
        String token = id();
        Instant t0 = now().minusSeconds(600);
        String messageId = id();
        send(Topics.TOKEN_CHANGES, changed(token, team, project, TokenChanged.CHANGE_CREATED, 1, t0,
                "team_token:tt1"));
        send(Topics.TOKEN_USAGE,
                used(token, team, project, t0.plusSeconds(10), TokenUsed.CHANNEL_API, TokenUsed.OUTCOME_ACCEPTED,
                        null, List.of(messageId)),
                used(token, team, project, t0.plusSeconds(20), TokenUsed.CHANNEL_SMTP, TokenUsed.OUTCOME_REFUSED,
                        "ip_denied", List.of()));
        send(Topics.TOKEN_CHANGES, changed(token, team, project, TokenChanged.CHANGE_REVOKED, 2, t0.plusSeconds(30),
                "sso:alice"));
        awaitCount(team, project, token, 4);

        JsonPath body = logs(team, project, token, null);
        assertEquals(List.of("revoked", "refused", "accepted", "created"), body.getList("data.outcome"));
        assertEquals(List.of("lifecycle", "smtp", "api", "lifecycle"), body.getList("data.channel"));
        assertNull(body.get("next_cursor"));
        assertEquals("sso:alice", body.getString("data[0].actor"));
        assertEquals("team_token:tt1", body.getString("data[3].actor"));
        assertEquals(t0.plusSeconds(30).toString(), body.getString("data[0].at"));
        assertEquals("ip_denied", body.getString("data[1].reason"));
        assertEquals("203.0.113.7", body.getString("data[1].ip"));
        assertEquals("lettermint-node/2.7.0", body.getString("data[1].user_agent"));
        assertEquals("SMTP AUTH", body.getString("data[1].endpoint"));
        assertEquals(List.of(messageId), body.getList("data[2].message_ids"));
        assertNull(body.get("data[2].reason"));
        assertTrue(body.getMap("data[2]").containsKey("reason"), "reason is present as null");
    }

    @Test
    void filtersByOutcomeChannelAndTime() {
        String team = id();
        String project = id();
        String token = id();
        Instant t0 = now().minusSeconds(3600);
        send(Topics.TOKEN_CHANGES, changed(token, team, project, TokenChanged.CHANGE_CREATED, 1, t0, "system"));
        List<TokenUsed> uses = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            boolean refused = i % 3 == 0;
            uses.add(used(token, team, project, t0.plusSeconds(i * 60L),
                    i % 2 == 0 ? TokenUsed.CHANNEL_SMTP : TokenUsed.CHANNEL_API,
                    refused ? TokenUsed.OUTCOME_REFUSED : TokenUsed.OUTCOME_ACCEPTED, refused ? "rate_limited" : null,
                    List.of()));
        }
        send(Topics.TOKEN_USAGE, uses);
        awaitCount(team, project, token, 11);

        assertEquals(3, logs(team, project, token, "outcome=refused").getList("data").size());
        assertEquals(5, logs(team, project, token, "channel=smtp").getList("data").size());
        assertEquals(List.of("created"), logs(team, project, token, "channel=lifecycle").getList("data.outcome"));
        assertEquals(List.of("created"), logs(team, project, token, "outcome=created").getList("data.outcome"));
        // from inclusive, to exclusive: minutes 2, 3, 4
        JsonPath window = logs(team, project, token,
                "from=" + t0.plusSeconds(120) + "&to=" + t0.plusSeconds(300));
        assertEquals(List.of(t0.plusSeconds(240).toString(), t0.plusSeconds(180).toString(),
                t0.plusSeconds(120).toString()), window.getList("data.at"));
        JsonPath combined = logs(team, project, token, "outcome=refused&channel=smtp");
        assertEquals(List.of(t0.plusSeconds(360).toString()), combined.getList("data.at"));
    }

    @Test
    void paginationIsStableWhileNewEventsArrive() {
        String team = id();
        String project = id();
        String token = id();
        Instant t0 = now().minusSeconds(7200);
        send(Topics.TOKEN_CHANGES, changed(token, team, project, TokenChanged.CHANGE_CREATED, 1, t0, "system"));
        List<TokenUsed> uses = new ArrayList<>();
        for (int i = 1; i <= 24; i++) {
            uses.add(accepted(token, team, project, t0.plusSeconds(i * 10L)));
        }
        // two rows with the same instant: the id breaks the tie, neither is lost at a page boundary
        uses.add(accepted(token, team, project, t0.plusSeconds(125)));
        uses.add(accepted(token, team, project, t0.plusSeconds(125)));
        send(Topics.TOKEN_USAGE, uses);
        awaitCount(team, project, token, 27);
        List<String> expected = logs(team, project, token, "limit=100").getList("data.at");
        Instant late = t0.minusSeconds(1);

        List<String> seen = new ArrayList<>();
        Set<String> seenIds = new HashSet<>();
        JsonPath page = logs(team, project, token, "limit=5");
        int pages = 0;
        while (true) {
            pages++;
            seen.addAll(page.getList("data.at"));
            for (Object ids : page.getList("data.message_ids")) {
                assertTrue(seenIds.add(ids.toString()), "no row twice");
            }
            String cursor = page.getString("next_cursor");
            if (cursor == null) {
                break;
            }
            if (pages == 2) {
                // two newer events and one late event older than everything arrive between page reads
                send(Topics.TOKEN_USAGE, accepted(token, team, project, now()),
                        accepted(token, team, project, now().plusSeconds(1)),
                        accepted(token, team, project, late));
                awaitCount(team, project, token, 30);
            }
            page = logs(team, project, token, "limit=5&cursor=" + cursor);
        }
        List<String> expectedThen = new ArrayList<>(expected);
        expectedThen.add(late.toString());
        assertEquals(expectedThen, seen, "every row that existed at the first page is seen once, in order;"
                + " the newer rows do not shift the pages, the late older one shows up in its place");
        assertEquals(6, pages);
    }

    @Test
    void anotherTeamsOrAnotherProjectsTokenIsNotFound() {
        String team = id();
        String project = id();
        String token = id();
        send(Topics.TOKEN_CHANGES, changed(token, team, project, TokenChanged.CHANGE_CREATED, 1, now(), "system"));
        awaitCount(team, project, token, 1);

        given().header("Authorization", "Bearer " + jwt(id(), Permissions.PROJECT_TOKENS_READ))
                .when().get(path(project, token))
                .then().statusCode(404).body("error", equalTo("not_found")).body("message", notNullValue());
        given().header("Authorization", "Bearer " + jwt(team, Permissions.PROJECT_TOKENS_READ))
                .when().get(path(id(), token))
                .then().statusCode(404).body("error", equalTo("not_found"));
        given().header("Authorization", "Bearer " + jwt(team, Permissions.PROJECT_TOKENS_READ))
                .when().get(path(project, id()))
                .then().statusCode(404).body("error", equalTo("not_found"));
        // the same answer for another team whether or not the token exists
        given().header("Authorization", "Bearer " + jwt(id(), Permissions.PROJECT_TOKENS_READ))
                .when().get(path(project, id()))
                .then().statusCode(404).body("error", equalTo("not_found"));
    }

    @Test
    void missingPermissionIsForbidden() {
        given().header("Authorization", "Bearer " + jwt(id(), Permissions.MESSAGES_READ))
                .when().get(path(id(), id()))
                .then().statusCode(403).body("error", equalTo("forbidden"));
    }

    @Test
    void badParametersAre422NamingTheField() {
        String token = jwt(id(), Permissions.PROJECT_TOKENS_READ);
        String base = path(id(), id());
        for (String query : List.of("limit=0", "limit=101", "limit=abc", "limit=-1", "limit=99999999999999")) {
            given().header("Authorization", "Bearer " + token).when().get(base + "?" + query)
                    .then().statusCode(422).body("error", equalTo("validation_error"))
                    .body("errors", hasKey("limit")).body("errors.limit[0]", notNullValue());
        }
        for (String cursor : List.of("garbage", "%25%25%25", "MTox", "Mjo1OjE", "MToxOjA", "MTphOjE", "MToxOi0x")) {
            given().header("Authorization", "Bearer " + token).when().get(base + "?cursor=" + cursor)
                    .then().statusCode(422).body("errors", hasKey("cursor"));
        }
        given().header("Authorization", "Bearer " + token).when().get(base + "?outcome=maybe&channel=fax")
                .then().statusCode(422).body("errors", hasKey("outcome")).body("errors", hasKey("channel"));
        given().header("Authorization", "Bearer " + token).when().get(base + "?from=yesterday&to=99999-01-01")
                .then().statusCode(422).body("errors", hasKey("from")).body("errors", hasKey("to"));
        given().header("Authorization", "Bearer " + token)
                .when().get(base + "?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z")
                .then().statusCode(422).body("errors", hasKey("to")).body("errors", not(hasKey("from")));
        // valid parameters on a token nobody can see: 404, never 422 or 500
        given().header("Authorization", "Bearer " + token).queryParam("from", "2026-01-01")
                .queryParam("to", "2026-02-01T00:00:00+02:00").queryParam("limit", "100")
                .when().get(base)
                .then().statusCode(404);
    }

    @Test
    void aProjectScopedCallerSeesOnlyItsProject() {
        String team = id();
        String project = id();
        String token = id();
        send(Topics.TOKEN_CHANGES, changed(token, team, project, TokenChanged.CHANGE_CREATED, 1, now(), "system"));
        awaitCount(team, project, token, 1);
        String otherProject = Jwt.issuer(InternalClaims.DEFAULT_ISSUER)
                .subject("x").groups(Set.of(Permissions.PROJECT_TOKENS_READ))
                .claim(InternalClaims.TEAM_ID, team).claim(InternalClaims.PROJECT_ID, id()).expiresIn(60)
                .sign(JwtKeys.shared().privateKey());
        given().header("Authorization", "Bearer " + otherProject).when().get(path(project, token))
                .then().statusCode(404);
        given().header("Authorization", "Bearer " + jwt(team, Permissions.PROJECT_TOKENS_READ))
                .when().get(path(project, token)).then().statusCode(200)
                .body("data.outcome", contains("created")).body("next_cursor", nullValue());
    }
}
