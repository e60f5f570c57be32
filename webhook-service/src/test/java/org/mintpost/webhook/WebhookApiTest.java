package org.mintpost.webhook;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.mintpost.webhook.WebhookTestSupport.as;
import static org.mintpost.webhook.WebhookTestSupport.id;
import static org.mintpost.webhook.WebhookTestSupport.route;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.token.Permissions;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.KafkaResource;
import org.mintpost.testing.PostgresResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/** The webhooks API as the SDK calls it: shapes, envelopes, permissions, other teams, bad input. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database",
        value = WebhookTestSupport.DATABASE))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(JwtKeysResource.class)
class WebhookApiTest {

    private static final String URL = "http://127.0.0.1:9/hook";

    private static String routeOf(String team, String project) throws Exception {
        String routeId = id();
        route(routeId, team, project, true);
        await().atMost(Duration.ofSeconds(90)).until(() -> as(team)
                .body(Map.of("route_id", routeId, "name", "probe", "url", URL, "events", List.of("message.sent")))
                .post("/v1/webhooks").statusCode() == 201);
        return routeId;
    }

    @Test
    void createShowsTheSecretOnceAndEverythingElseFollowsTheSdkShapes() throws Exception {
        String team = id();
        String routeId = routeOf(team, id());
        JsonPath created = as(team).body(Map.of("route_id", routeId, "name", "Orders", "url", URL,
                "events", List.of("message.delivered", "message.hard_bounced"), "include_machine_events", true))
                .post("/v1/webhooks").then().statusCode(201)
                .body("message", equalTo("Webhook created successfully. Please save the secret as it will not be "
                        + "shown again."))
                .body("data.secret", startsWith("whsec_")).body("data.enabled", equalTo(true))
                .body("data.include_machine_events", equalTo(true)).body("data.last_called_at", equalTo(null))
                .extract().jsonPath();
        String id = created.getString("data.id");

        as(team).get("/v1/webhooks/" + id).then().statusCode(200).body("$", not(hasKey("secret")))
                .body("name", equalTo("Orders")).body("route_id", equalTo(routeId))
                .body("events", equalTo(List.of("message.delivered", "message.hard_bounced")));

        as(team).body(Map.of("name", "Orders v2", "enabled", false)).put("/v1/webhooks/" + id).then()
                .statusCode(200).body("message", equalTo("Webhook updated successfully."))
                .body("data.name", equalTo("Orders v2")).body("data.enabled", equalTo(false))
                .body("data.url", equalTo(URL)).body("data", not(hasKey("secret")));

        String secret = as(team).post("/v1/webhooks/" + id + "/regenerate-secret").then().statusCode(200)
                .body("message", equalTo("Webhook secret regenerated successfully. Please update your integration."))
                .extract().jsonPath().getString("data.secret");
        assertNotEquals(created.getString("data.secret"), secret);

        JsonPath list = as(team).queryParam("filter[route_id]", routeId).queryParam("page[size]", "1")
                .get("/v1/webhooks").then().statusCode(200).body("per_page", equalTo(1)).extract().jsonPath();
        assertEquals(1, list.getList("data").size());
        String next = list.getString("next_cursor");
        JsonPath second = as(team).queryParam("filter[route_id]", routeId).queryParam("page[size]", "1")
                .queryParam("page[cursor]", next).get("/v1/webhooks").then().statusCode(200).extract().jsonPath();
        assertEquals(1, second.getList("data").size(), "the probe webhook is on the second page");
        assertNotEquals(list.getString("data[0].id"), second.getString("data[0].id"));
        assertEquals(1, as(team).queryParam("filter[enabled]", "false").get("/v1/webhooks").jsonPath()
                .getList("data").size());

        as(team).delete("/v1/webhooks/" + id).then().statusCode(200)
                .body("message", equalTo("Webhook deleted successfully."));
        as(team).get("/v1/webhooks/" + id).then().statusCode(404).body("error", equalTo("not_found"));
    }

    /** Lettermint's {@code filter[from_date]} and {@code filter[to_date]} (Y-m-d, UTC; to_date counts its day). */
    @Test
    void deliveriesAreFilteredByDateRange() throws Exception {
        String team = id();
        String routeId = routeOf(team, id());
        String id = WebhookTestSupport.create(team, routeId, URL, List.of("message.sent")).get("id").toString();
        String delivery = as(team).post("/v1/webhooks/" + id + "/test").then().statusCode(200).extract().jsonPath()
                .getString("delivery_id");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String path = "/v1/webhooks/" + id + "/deliveries";
        assertEquals(List.of(delivery), as(team).queryParam("filter[from_date]", today.toString())
                .queryParam("filter[to_date]", today.toString()).get(path).then().statusCode(200).extract()
                .jsonPath().getList("data.id"));
        assertEquals(List.of(delivery), as(team).queryParam("filter[from_date]", today.minusDays(3).toString())
                .get(path).then().statusCode(200).extract().jsonPath().getList("data.id"));
        assertEquals(0, as(team).queryParam("filter[from_date]", today.plusDays(1).toString()).get(path).then()
                .statusCode(200).extract().jsonPath().getList("data").size());
        assertEquals(0, as(team).queryParam("filter[to_date]", today.minusDays(1).toString()).get(path).then()
                .statusCode(200).extract().jsonPath().getList("data").size());
        assertEquals(0, as(team).queryParam("filter[from_date]", "2000-01-01T00:00:00Z")
                .queryParam("filter[to_date]", "2000-01-02T00:00:00Z").get(path).then().statusCode(200)
                .extract().jsonPath().getList("data").size());
        as(team).queryParam("filter[from_date]", "yesterday").get(path).then().statusCode(422)
                .body("errors", hasKey("filter[from_date]"));
        as(team).queryParam("filter[from_date]", today.toString()).queryParam("filter[to_date]",
                today.minusDays(2).toString()).get(path).then().statusCode(422)
                .body("errors", hasKey("filter[to_date]"));
        as(team).queryParam("filter[status]", "lost").queryParam("filter[to_date]", "2026-13-40").get(path)
                .then().statusCode(422).body("errors", hasKey("filter[status]"))
                .body("errors", hasKey("filter[to_date]"));
    }

    @Test
    void anotherTeamSeesNothingAndCannotUseItsRoutes() throws Exception {
        String team = id();
        String routeId = routeOf(team, id());
        String id = WebhookTestSupport.create(team, routeId, URL, List.of("message.sent")).get("id").toString();
        String other = id();
        as(other).get("/v1/webhooks/" + id).then().statusCode(404);
        as(other).body(Map.of("name", "x")).put("/v1/webhooks/" + id).then().statusCode(404);
        as(other).delete("/v1/webhooks/" + id).then().statusCode(404);
        as(other).post("/v1/webhooks/" + id + "/test").then().statusCode(404);
        as(other).get("/v1/webhooks/" + id + "/deliveries").then().statusCode(404);
        assertEquals(0, as(other).get("/v1/webhooks").jsonPath().getList("data").size());
        as(other).body(Map.of("route_id", routeId, "name", "x", "url", URL, "events", List.of("message.sent")))
                .post("/v1/webhooks").then().statusCode(404).body("message", equalTo("Route not found."));
        as(team).get("/v1/webhooks/not-a-uuid").then().statusCode(404);
    }

    @Test
    void eachCallNeedsItsPermission() throws Exception {
        String team = id();
        String routeId = routeOf(team, id());
        String id = WebhookTestSupport.create(team, routeId, URL, List.of("message.sent")).get("id").toString();
        List<String> readOnly = List.of(Permissions.WEBHOOKS_READ);
        as(team, readOnly).get("/v1/webhooks/" + id).then().statusCode(200);
        as(team, readOnly).get("/v1/webhooks/" + id + "/deliveries").then().statusCode(200);
        as(team, readOnly).body(Map.of("name", "x")).put("/v1/webhooks/" + id).then().statusCode(403)
                .body("error", equalTo("forbidden"));
        as(team, readOnly).post("/v1/webhooks/" + id + "/test").then().statusCode(403);
        as(team, readOnly).post("/v1/webhooks/" + id + "/regenerate-secret").then().statusCode(403);
        as(team, readOnly).delete("/v1/webhooks/" + id).then().statusCode(403);
        as(team, List.of(Permissions.MESSAGES_READ)).get("/v1/webhooks").then().statusCode(403);
        RestAssured.given().get("/v1/webhooks").then().statusCode(401).body("error", equalTo("unauthenticated"));
        RestAssured.given().header("Authorization", "Bearer not.a.jwt").get("/v1/webhooks").then().statusCode(401);
    }

    @Test
    void badInputIsA422NamingTheFieldOr400ForBrokenJson() throws Exception {
        String team = id();
        String routeId = routeOf(team, id());
        as(team).body(Map.of("route_id", routeId, "name", "x", "url", URL, "events", List.of("message.exploded")))
                .post("/v1/webhooks").then().statusCode(422).body("error", equalTo("validation_error"))
                .body("errors", hasKey("events.0"));
        as(team).body(Map.of("route_id", routeId, "name", "x", "url", "ftp://example.com/x",
                "events", List.of("message.sent"))).post("/v1/webhooks").then().statusCode(422)
                .body("errors", hasKey("url"));
        as(team).body(Map.of("route_id", routeId, "name", 5, "url", URL, "events", "message.sent"))
                .post("/v1/webhooks").then().statusCode(422).body("errors", hasKey("name"))
                .body("errors", hasKey("events"));
        as(team).body(Map.of()).post("/v1/webhooks").then().statusCode(422).body("errors", hasKey("route_id"))
                .body("errors", hasKey("url"));
        as(team).body("{not json").post("/v1/webhooks").then().statusCode(400).body("error", equalTo("invalid_json"));
        as(team).queryParam("page[size]", "0").get("/v1/webhooks").then().statusCode(422);
        as(team).queryParam("page[cursor]", "garbage").get("/v1/webhooks").then().statusCode(422);
        as(team).queryParam("filter[enabled]", "maybe").get("/v1/webhooks").then().statusCode(422);
    }
}
