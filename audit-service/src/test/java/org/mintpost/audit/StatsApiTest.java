package org.mintpost.audit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.mintpost.audit.AuditTestSupport.count;
import static org.mintpost.audit.AuditTestSupport.event;
import static org.mintpost.audit.AuditTestSupport.id;
import static org.mintpost.audit.AuditTestSupport.jwt;
import static org.mintpost.audit.AuditTestSupport.send;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.token.Permissions;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.KafkaResource;
import org.mintpost.testing.PostgresResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** {@code GET /v1/stats}: daily counters kept as events arrive, per team, project and route. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database",
        value = AuditTestSupport.DATABASE))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(JwtKeysResource.class)
class StatsApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static JsonPath stats(String team, Map<String, String> query) {
        return given().header("Authorization", "Bearer " + jwt(team, Permissions.STATS_READ)).queryParams(query)
                .when().get("/v1/stats").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void countsPerDayProjectAndRouteAndRedeliveriesCountOnce() {
        String team = id();
        String project = id();
        String other = id();
        String route = id();
        LocalDate day1 = LocalDate.now(ZoneOffset.UTC).minusDays(3);
        Instant d1 = day1.atTime(10, 0).toInstant(ZoneOffset.UTC);
        Instant d2 = day1.plusDays(1).atTime(23, 59).toInstant(ZoneOffset.UTC);
        List<DeliveryEvent> events = new ArrayList<>();
        // day 1: three messages in project/route: two delivered, one hard bounce
        // day 2: one message of the other project: soft bounce then failed
        for (int i = 0; i < 3; i++) {
            String m = id();
            String rcpt = "r" + i + "@example.test";
            events.add(event(m, team, project, route, DeliveryEvent.QUEUED, null, d1, d1, "a@b.test", rcpt, "s", "t"));
            events.add(event(m, team, project, route, i == 2 ? DeliveryEvent.HARD_BOUNCED : DeliveryEvent.DELIVERED,
                    rcpt, d1.plusSeconds(5), d1, "a@b.test", rcpt, "s", "t"));
        }
        String m = id();
        events.add(event(m, team, other, null, DeliveryEvent.QUEUED, null, d2, d2, "a@b.test", "x@y.test", "s", null));
        events.add(event(m, team, other, null, DeliveryEvent.SOFT_BOUNCED, "x@y.test", d2.plusSeconds(1), d2,
                "a@b.test", "x@y.test", "s", null));
        events.add(event(m, team, other, null, DeliveryEvent.FAILED, "x@y.test", d2.plusSeconds(2), d2,
                "a@b.test", "x@y.test", "s", null));
        send(Topics.DELIVERY_EVENTS, events);
        // the same events delivered again (a consumer restart) change no counter
        send(Topics.DELIVERY_EVENTS, events);
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM audit.delivery_event WHERE team_id = ?",
                team) == events.size());

        Map<String, String> range = Map.of("from", day1.minusDays(1).toString(), "to", day1.plusDays(1).toString());
        await().atMost(WAIT).untilAsserted(() -> assertEquals(4, stats(team, range).getInt("totals.sent")));
        JsonPath all = stats(team, range);
        assertEquals(day1.minusDays(1).toString(), all.getString("from"));
        assertEquals(3, all.getList("daily").size());
        assertEquals(List.of(day1.minusDays(1).toString(), day1.toString(), day1.plusDays(1).toString()),
                all.getList("daily.date"));
        assertEquals(List.of(0, 3, 1), all.getList("daily.sent"));
        assertEquals(List.of(0, 2, 0), all.getList("daily.delivered"));
        assertEquals(List.of(0, 1, 0), all.getList("daily.hard_bounced"));
        assertEquals(1, all.getInt("totals.soft_bounced"));
        assertEquals(1, all.getInt("totals.failed"));
        assertEquals(0, all.getInt("totals.spam_complaints"));
        assertEquals(0, all.getInt("totals.inbound.received"));
        assertNull(all.get("totals.transactional"));

        JsonPath byProject = stats(team, Map.of("from", range.get("from"), "to", range.get("to"),
                "project_id", project));
        assertEquals(3, byProject.getInt("totals.sent"));
        assertEquals(2, byProject.getInt("totals.delivered"));
        JsonPath byRoute = stats(team, Map.of("from", range.get("from"), "to", range.get("to"), "route_id", route));
        assertEquals(3, byRoute.getInt("totals.sent"));
        assertEquals(0, byRoute.getInt("totals.failed"));
        // day 2 alone
        assertEquals(1, stats(team, Map.of("from", day1.plusDays(1).toString(), "to", day1.plusDays(1).toString()))
                .getInt("totals.sent"));
        // another team sees zeros, a project-scoped caller only its project
        assertEquals(0, stats(id(), range).getInt("totals.sent"));
        String scoped = AuditTestSupport.projectJwt(team, other, Permissions.STATS_READ);
        given().header("Authorization", "Bearer " + scoped).queryParams(range).get("/v1/stats").then()
                .statusCode(200).body("totals.sent", equalTo(1));
        given().header("Authorization", "Bearer " + scoped).queryParams(range).queryParam("project_id", project)
                .get("/v1/stats").then().statusCode(404);
    }

    @Test
    void badRangesAre422NamingTheField() {
        String auth = "Bearer " + jwt(id(), Permissions.STATS_READ);
        given().header("Authorization", auth).get("/v1/stats").then().statusCode(422)
                .body("errors", hasKey("from")).body("errors", hasKey("to"));
        given().header("Authorization", auth).queryParam("from", "2026-02-10").queryParam("to", "2026-02-01")
                .get("/v1/stats").then().statusCode(422).body("errors", hasKey("to"));
        given().header("Authorization", auth).queryParam("from", "2020-01-01").queryParam("to", "2026-02-01")
                .get("/v1/stats").then().statusCode(422).body("errors", hasKey("to"));
        given().header("Authorization", auth).queryParam("from", "soon").queryParam("to", "2026-02-01")
                .get("/v1/stats").then().statusCode(422).body("errors", hasKey("from"));
        given().header("Authorization", "Bearer " + jwt(id(), Permissions.MESSAGES_READ))
                .queryParam("from", "2026-02-01").queryParam("to", "2026-02-01").get("/v1/stats").then()
                .statusCode(403);
    }
}
