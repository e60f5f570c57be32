package org.mintpost.token;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.in;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.TokenUsed;
import org.mintpost.contracts.kafka.EventJson;
import org.mintpost.contracts.token.InternalClaims;
import org.mintpost.contracts.token.Permissions;
import org.mintpost.testing.JwtKeys;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.PostgresResource;
import org.mintpost.token.team.TeamRoles;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;

/** The SDK's {@code team.*}: team, usage, roles, members and assignments, enforced from the member's next request. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "mintpost_tokens_test"))
@QuarkusTestResource(TestKafka.class)
@QuarkusTestResource(JwtKeysResource.class)
class TeamApiTest {

    /** An SSO caller of {@code teamId} named by {@code subject}, as the edge forwards one. */
    static RequestSpecification sso(String teamId, String subject, Collection<String> permissions) {
        String jwt = Jwt.issuer(InternalClaims.DEFAULT_ISSUER).subject(subject).groups(Set.copyOf(permissions))
                .claim(InternalClaims.TEAM_ID, teamId).claim(InternalClaims.CALLER_KIND, "sso")
                .claim(InternalClaims.ACTOR, "sso:" + subject).claim("email", subject + "@example.com")
                .claim("jti", UUID.randomUUID().toString()).expiresIn(60)
                .sign(JwtKeys.shared().privateKey());
        return given().header("Authorization", "Bearer " + jwt).contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    static String roleId(String key) {
        return TeamRoles.byKey(key).id();
    }

    @Test
    void retrieveAndRename() {
        TestApi api = TestApi.newTeam();
        api.newProject("Counted");
        api.request().get("/v1/team").then().statusCode(200)
                .body("id", equalTo(api.teamId)).body("name", notNullValue()).body("type", equalTo("business"))
                .body("projects_count", equalTo(1)).body("domains_count", equalTo(0))
                .body("members_count", equalTo(0)).body("created_at", notNullValue());
        api.request().body(Map.of("name", "  Acme Mail  ")).put("/v1/team").then().statusCode(200)
                .body("message", equalTo("Team settings updated successfully.")).body("data.name", equalTo("Acme Mail"));
        api.withOnly(Permissions.PROJECTS_READ).request().get("/v1/team").then().statusCode(200)
                .body("name", equalTo("Acme Mail"));
        api.request().body(Map.of()).put("/v1/team").then().statusCode(200).body("data.name", equalTo("Acme Mail"));
    }

    @Test
    void badUpdatesAre422AndNeedTeamManage() {
        TestApi api = TestApi.newTeam();
        api.request().body(Map.of("name", " ")).put("/v1/team").then().statusCode(422)
                .body("errors", hasKey("name"));
        api.request().body(Map.of("name", "x".repeat(256))).put("/v1/team").then().statusCode(422)
                .body("errors", hasKey("name"));
        api.request().body(Map.of("name", 7)).put("/v1/team").then().statusCode(422).body("errors", hasKey("name"));
        api.request().body("[1]").put("/v1/team").then().statusCode(422);
        api.request().body("{\"name\":").put("/v1/team").then().statusCode(400);
        api.withOnly(Permissions.MEMBERS_MANAGE).request().body(Map.of("name", "No")).put("/v1/team").then()
                .statusCode(403);
        given().contentType(ContentType.JSON).get("/v1/team").then().statusCode(401);
    }

    @Test
    void rolesAreTheBuiltInOnes() {
        TestApi api = TestApi.newTeam();
        JsonPath roles = api.withOnly(Permissions.MEMBERS_READ).request().get("/v1/team/roles").then()
                .statusCode(200).extract().jsonPath();
        assertEquals(List.of("owner", "admin", "member"), roles.getList("data.system_key"));
        assertEquals(List.of(false, true, true), roles.getList("data.assignable"));
        assertEquals(Permissions.ALL, roles.getList("data[0].permissions"));
        api.request().get("/v1/team/roles").then().body("data.permissions.flatten()", everyItem(in(Permissions.ALL)));
        api.withOnly(Permissions.PROJECTS_READ).request().get("/v1/team/roles").then().statusCode(403);
    }

    @Test
    void ssoUsersBecomeMembersPagedOldestFirst() {
        TestApi api = TestApi.newTeam();
        sso(api.teamId, "alice", Permissions.ALL).get("/v1/projects").then().statusCode(200);
        sso(api.teamId, "bob", List.of(Permissions.PROJECTS_READ)).get("/v1/projects").then().statusCode(200);
        api.request().get("/v1/projects").then().statusCode(200); // a token caller is no member
        JsonPath first = api.request().queryParam("page[size]", "1").get("/v1/team/members").then().statusCode(200)
                .body("data.name", contains("alice")).body("data[0].email", equalTo("alice@example.com"))
                .body("data[0].role.name", equalTo("Owner")).body("data[0].project_access.scope", equalTo("all"))
                .body("per_page", equalTo(1)).body("next_cursor", notNullValue()).extract().jsonPath();
        api.request().queryParam("page[size]", "1").queryParam("page[cursor]", first.getString("next_cursor"))
                .get("/v1/team/members").then().statusCode(200).body("data.name", contains("bob"))
                .body("data[0].role.id", equalTo(roleId("member"))).body("next_cursor", nullValue());
        api.request().get("/v1/team").then().body("members_count", equalTo(2));
        String aliceId = first.getString("data[0].id");
        api.request().get("/v1/team/members/" + aliceId).then().statusCode(200).body("name", equalTo("alice"))
                .body("joined_at", notNullValue());

        api.request().get("/v1/team/members/" + UUID.randomUUID()).then().statusCode(404)
                .body("error", equalTo("not_found"));
        api.request().get("/v1/team/members/not-a-uuid").then().statusCode(404);
        TestApi.newTeam().request().get("/v1/team/members/" + aliceId).then().statusCode(404);
        api.request().queryParam("page[size]", "0").get("/v1/team/members").then().statusCode(422)
                .body("errors", hasKey("page.size"));
        api.request().queryParam("page[cursor]", "%%%").get("/v1/team/members").then().statusCode(422);
        api.request().queryParam("page[size]", "5000").get("/v1/team/members").then().statusCode(200)
                .body("per_page", equalTo(100));
        api.withOnly(Permissions.PROJECTS_READ).request().get("/v1/team/members").then().statusCode(403);
    }

    @Test
    void anAssignmentHoldsFromTheMembersNextRequest() {
        TestApi api = TestApi.newTeam();
        String project = api.newProject("Selected").get("id");
        sso(api.teamId, "carol", Permissions.ALL).body(Map.of("name", "By Carol")).put("/v1/team").then()
                .statusCode(200);
        String carol = api.request().get("/v1/team/members").then().extract().jsonPath().getString("data[0].id");

        api.request().body(Map.of("role_id", roleId("member"),
                "project_access", Map.of("scope", "selected", "project_ids", List.of(project))))
                .put("/v1/team/members/" + carol + "/assignment").then().statusCode(200)
                .body("role.name", equalTo("Member")).body("project_access.scope", equalTo("selected"))
                .body("project_access.projects[0].id", equalTo(project))
                .body("project_access.projects[0].name", equalTo("Selected"));
        sso(api.teamId, "carol", Permissions.ALL).body(Map.of("name", "Again")).put("/v1/team").then()
                .statusCode(403);
        sso(api.teamId, "carol", Permissions.ALL).body(Map.of("name", "x", "permissions", List.of("projects:read")))
                .post("/v1/team/tokens").then().statusCode(403);
        sso(api.teamId, "carol", Permissions.ALL).get("/v1/projects").then().statusCode(200);

        api.request().body(Map.of("role_id", roleId("admin"), "project_access", Map.of("scope", "all")))
                .put("/v1/team/members/" + carol + "/assignment").then().statusCode(200)
                .body("role.name", equalTo("Admin")).body("project_access.projects.size()", equalTo(0));
        sso(api.teamId, "carol", Permissions.ALL).body(Map.of("name", "x", "permissions", List.of("projects:read")))
                .post("/v1/team/tokens").then().statusCode(201);
        sso(api.teamId, "carol", Permissions.ALL).body(Map.of("name", "Still no")).put("/v1/team").then()
                .statusCode(403);
    }

    @Test
    void badAssignmentsAre422Or404Or403() {
        TestApi api = TestApi.newTeam();
        sso(api.teamId, "dave", List.of(Permissions.PROJECTS_READ)).get("/v1/projects").then().statusCode(200);
        String dave = api.request().get("/v1/team/members").then().extract().jsonPath().getString("data[0].id");
        String path = "/v1/team/members/" + dave + "/assignment";
        String otherProject = TestApi.newTeam().newProject("Not ours").get("id");
        api.request().body(Map.of("project_access", Map.of("scope", "all"))).put(path).then().statusCode(422)
                .body("errors", hasKey("role_id"));
        api.request().body(Map.of("role_id", roleId("owner"), "project_access", Map.of("scope", "all")))
                .put(path).then().statusCode(422).body("errors", hasKey("role_id"));
        api.request().body(Map.of("role_id", UUID.randomUUID().toString(), "project_access", Map.of("scope", "all")))
                .put(path).then().statusCode(422).body("errors", hasKey("role_id"));
        api.request().body(Map.of("role_id", roleId("admin"), "project_access", Map.of("scope", "some")))
                .put(path).then().statusCode(422).body("errors", hasKey("project_access.scope"));
        api.request().body(Map.of("role_id", roleId("admin"), "project_access", Map.of("scope", "selected")))
                .put(path).then().statusCode(422).body("errors", hasKey("project_access.project_ids"));
        api.request().body(Map.of("role_id", roleId("admin"),
                "project_access", Map.of("scope", "selected", "project_ids", List.of(otherProject))))
                .put(path).then().statusCode(422).body("errors", hasKey("project_access.project_ids.0"));
        api.request().body(Map.of("role_id", 5, "project_access", "all")).put(path).then().statusCode(422)
                .body("errors", hasKey("role_id")).body("errors", hasKey("project_access"));
        api.request().body(Map.of("role_id", roleId("admin"), "project_access", Map.of("scope", "all")))
                .put("/v1/team/members/" + UUID.randomUUID() + "/assignment").then().statusCode(404);
        api.withOnly(Permissions.MEMBERS_READ).request()
                .body(Map.of("role_id", roleId("admin"), "project_access", Map.of("scope", "all")))
                .put(path).then().statusCode(403);
        api.request().get("/v1/team/members/" + dave).then().body("role.name", equalTo("Member"));
    }

    @Test
    void usageCountsTheMessagesAcceptedThisMonth() throws Exception {
        TestApi api = TestApi.newTeam();
        api.request().get("/v1/team/usage").then().statusCode(200).body("current_period.usage", equalTo(0))
                .body("current_period.last_incremented_at", nullValue())
                .body("historical_usage.size()", equalTo(0));
        Instant now = Instant.now();
        Instant lastMonth = now.minus(Duration.ofDays(40));
        try (KafkaProducer<String, byte[]> producer = LastUsedTest.producer()) {
            for (var use : List.of(use(api.teamId, now, 3), use(api.teamId, now, 2), use(api.teamId, lastMonth, 4))) {
                producer.send(new ProducerRecord<>(Topics.TOKEN_USAGE, use.tokenId(),
                        EventJson.MAPPER.writeValueAsBytes(use))).get();
            }
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> api.withOnly(Permissions.STATS_READ).request()
                .get("/v1/team/usage").then().statusCode(200).body("current_period.usage", equalTo(5))
                .body("historical_usage[0].usage", equalTo(4)));
        JsonPath usage = api.request().get("/v1/team/usage").then().extract().jsonPath();
        assertNotNull(usage.getString("current_period.last_incremented_at"));
        assertEquals(Instant.parse(usage.getString("current_period.period_start")).toString().substring(8, 19),
                "01T00:00:00");
        api.withOnly(Permissions.PROJECTS_READ).request().get("/v1/team/usage").then().statusCode(403);
    }

    private static TokenUsed use(String teamId, Instant at, int messages) {
        List<String> ids = java.util.stream.IntStream.range(0, messages).mapToObj(i -> UUID.randomUUID().toString())
                .toList();
        return new TokenUsed(UUID.randomUUID().toString(), at, TokenUsed.SCHEMA_VERSION,
                UUID.randomUUID().toString(), "project", "lm_AbCd…wxyz", teamId, UUID.randomUUID().toString(),
                "192.0.2.1", "test", TokenUsed.CHANNEL_API, "POST /v1/send", TokenUsed.OUTCOME_ACCEPTED, null, ids);
    }
}
