package org.mintpost.token.routes;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.RouteChanged;
import org.mintpost.contracts.kafka.RouteChangedDeserializer;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.PostgresResource;
import org.mintpost.token.ChangesReader;
import org.mintpost.token.TestApi;
import org.mintpost.token.TestKafka;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The SDK's routes surface ({@code projects.routes/createRoute}, {@code routes.*}) as it calls it, the default
 * route every project gets, bad input (404/422, never a 5xx) and the states published on {@code route-changes}.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "mintpost_tokens_test"))
@QuarkusTestResource(TestKafka.class)
@QuarkusTestResource(JwtKeysResource.class)
class RouteApiTest {

    @Test
    void aNewProjectHasItsDefaultRoutesAndTheyArePublished() {
        TestApi api = TestApi.newTeam();
        JsonPath created = api.createProject(Map.of("name", "Shop")).statusCode(201)
                .body("data.default_route_id", notNullValue())
                .body("data.routes", hasSize(2))
                .body("data.routes_count", equalTo(2))
                .extract().jsonPath();
        String projectId = created.getString("data.id");
        String defaultId = created.getString("data.default_route_id");
        api.request().get("/v1/projects/" + projectId).then().statusCode(200)
                .body("default_route_id", equalTo(defaultId))
                .body("routes.find { it.is_default }.slug", equalTo("outgoing"))
                .body("routes.find { it.is_default }.route_type", equalTo("transactional"))
                .body("routes.find { !it.is_default }.slug", equalTo("broadcast"))
                .body("routes[0].settings.tls", equalTo("opportunistic"));
        api.request().get("/v1/projects/" + projectId + "/routes").then().statusCode(200)
                .body("data", hasSize(2))
                .body("per_page", equalTo(30))
                .body("$", hasKey("next_cursor")).body("$", hasKey("prev_page_url")).body("path", notNullValue())
                .body("data[0]", hasKey("webhooks_count"));
        api.request().get("/v1/projects").then().statusCode(200)
                .body("data.find { it.id == '" + projectId + "' }.routes_count", equalTo(2));

        String onlyTransactional = api.createProject(Map.of("name", "Tx", "initial_routes", "transactional"))
                .statusCode(201).body("data.routes", hasSize(1)).extract().jsonPath().getString("data.id");
        api.request().get("/v1/projects/" + onlyTransactional + "/routes").then().body("data.slug",
                equalTo(List.of("outgoing")));
        api.createProject(Map.of("name", "Bad", "initial_routes", "all")).statusCode(422)
                .body("errors", hasKey("initial_routes"));

        try (ChangesReader<RouteChanged> changes = new ChangesReader<>(Topics.ROUTE_CHANGES,
                RouteChangedDeserializer.class)) {
            RouteChanged state = changes.await(c -> c.routeId().equals(defaultId), Duration.ofSeconds(10)).value();
            assertEquals("created", state.change());
            assertEquals(projectId, state.projectId());
            assertEquals(api.teamId, state.teamId());
            assertEquals("outgoing", state.slug());
            assertTrue(state.isDefault());
            assertEquals(RouteChanged.STATUS_ACTIVE, state.status());
            assertEquals(1, state.revision());
        }
    }

    @Test
    void routesAreCreatedRetrievedUpdatedAndDeleted() {
        TestApi api = TestApi.newTeam();
        String projectId = api.newProject("Routes").get("id");
        String base = "/v1/projects/" + projectId + "/routes";
        String id = api.request().body(Map.of("name", "Password resets", "route_type", "transactional")).post(base)
                .then().statusCode(201)
                .body("message", equalTo("Route created successfully."))
                .body("data.slug", equalTo("password-resets"))
                .body("data.project_id", equalTo(projectId))
                .body("data.is_default", equalTo(false))
                .body("data.inbound_address", nullValue())
                .extract().jsonPath().getString("data.id");
        api.request().body(Map.of("name", "Password resets", "route_type", "broadcast")).post(base).then()
                .statusCode(201).body("data.slug", equalTo("password-resets-2"));
        api.request().body(Map.of("name", "News", "route_type", "broadcast", "slug", "News_Letter")).post(base)
                .then().statusCode(201).body("data.slug", equalTo("news_letter"));

        api.request().get("/v1/routes/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("name", equalTo("Password resets"))
                .body("settings.track_opens", equalTo(false)).body("created_at", notNullValue());
        api.request().body(Map.of("name", "Resets", "settings", Map.of("track_opens", true, "tls", "enforced")))
                .put("/v1/routes/" + id).then().statusCode(200)
                .body("message", equalTo("Route updated successfully."))
                .body("data.name", equalTo("Resets"))
                .body("data.settings.track_opens", equalTo(true))
                .body("data.settings.tls", equalTo("enforced"))
                .body("data.slug", equalTo("password-resets"));

        try (ChangesReader<RouteChanged> changes = new ChangesReader<>(Topics.ROUTE_CHANGES,
                RouteChangedDeserializer.class)) {
            api.request().delete("/v1/routes/" + id).then().statusCode(200)
                    .body("message", equalTo("Route deleted successfully."));
            List<RouteChanged> states = changes.forKey(id, Duration.ofSeconds(2));
            assertEquals(List.of("created", "updated", "deleted"), states.stream().map(RouteChanged::change).toList());
            assertEquals(List.of(1L, 2L, 3L), states.stream().map(RouteChanged::revision).toList());
            assertEquals(RouteChanged.STATUS_DELETED, states.get(2).status());
            assertEquals(Boolean.TRUE, states.get(1).settings().trackOpens());
            assertEquals("enforced", states.get(1).settings().tls());
        }
        api.request().get("/v1/routes/" + id).then().statusCode(404).body("error", equalTo("not_found"));
        // a deleted route's slug is free again
        api.request().body(Map.of("name", "Again", "route_type", "transactional", "slug", "password-resets"))
                .post(base).then().statusCode(201);
    }

    @Test
    void theDefaultRouteIsNeverDeletedButCanBeMoved() {
        TestApi api = TestApi.newTeam();
        String projectId = api.newProject("Defaults").get("id");
        JsonPath project = api.request().get("/v1/projects/" + projectId).then().extract().jsonPath();
        String defaultId = project.getString("default_route_id");
        String broadcastId = project.getString("routes.find { !it.is_default }.id");

        api.request().delete("/v1/routes/" + defaultId).then().statusCode(422)
                .body("error", equalTo("validation_error"))
                .body("errors.route[0]", org.hamcrest.Matchers.containsString("default route"));

        api.request().body(Map.of("default_route_id", broadcastId)).put("/v1/projects/" + projectId).then()
                .statusCode(200).body("data.default_route_id", equalTo(broadcastId));
        api.request().get("/v1/routes/" + defaultId).then().body("is_default", equalTo(false));
        api.request().get("/v1/projects/" + projectId + "/routes?filter[is_default]=true").then()
                .body("data.id", equalTo(List.of(broadcastId)));
        api.request().delete("/v1/routes/" + defaultId).then().statusCode(200);

        String other = api.newProject("Other").get("id");
        String foreign = api.request().get("/v1/projects/" + other).then().extract().path("default_route_id");
        api.request().body(Map.of("default_route_id", foreign)).put("/v1/projects/" + projectId).then()
                .statusCode(422).body("errors", hasKey("default_route_id"));
        api.request().body(Map.of("default_route_id", "not-a-uuid")).put("/v1/projects/" + projectId).then()
                .statusCode(422).body("errors", hasKey("default_route_id"));
    }

    @Test
    void badInputIsA4xxNeverA5xx() {
        TestApi api = TestApi.newTeam();
        String projectId = api.newProject("Bad input").get("id");
        String base = "/v1/projects/" + projectId + "/routes";
        api.request().body(Map.of("route_type", "transactional")).post(base).then().statusCode(422)
                .body("errors", hasKey("name"));
        api.request().body(Map.of("name", "x", "route_type", "marketing")).post(base).then().statusCode(422)
                .body("errors", hasKey("route_type"));
        api.request().body(Map.of("name", 5, "route_type", "broadcast")).post(base).then().statusCode(422)
                .body("errors", hasKey("name"));
        api.request().body(Map.of("name", "x", "route_type", "broadcast", "slug", "no spaces!")).post(base).then()
                .statusCode(422).body("errors", hasKey("slug"));
        api.request().body(Map.of("name", "x", "route_type", "broadcast", "slug", "outgoing")).post(base).then()
                .statusCode(422).body("errors.slug[0]", equalTo("The slug has already been taken in this project."));
        api.request().body("{not json").post(base).then().statusCode(400).body("error", equalTo("invalid_json"));
        api.request().body("[]").post(base).then().statusCode(422);
        api.request().get(base + "?filter[route_type]=x").then().statusCode(422);
        api.request().get(base + "?page[cursor]=garbage").then().statusCode(422).body("errors", hasKey("cursor"));
        api.request().get(base + "?sort=nope").then().statusCode(422).body("errors", hasKey("sort"));
        api.request().get("/v1/projects/not-a-project/routes").then().statusCode(404);

        String routeId = api.request().get("/v1/projects/" + projectId).then().extract().path("default_route_id");
        api.request().body(Map.of("settings", "loud")).put("/v1/routes/" + routeId).then().statusCode(422)
                .body("errors", hasKey("settings"));
        api.request().body(Map.of("settings", Map.of("track_clicks", "yes", "tls", "always")))
                .put("/v1/routes/" + routeId).then().statusCode(422)
                .body("errors", hasKey("settings.track_clicks"));
        api.request().body(Map.of("settings", Map.of("tls", "always"))).put("/v1/routes/" + routeId).then()
                .statusCode(422).body("errors", hasKey("settings.tls"));
        api.request().body(Map.of("inbound_settings", Map.of("inbound_domain", "in.example")))
                .put("/v1/routes/" + routeId).then().statusCode(422).body("errors", hasKey("inbound_settings"));
        api.request().post("/v1/routes/" + routeId + "/verify-inbound-domain").then().statusCode(422)
                .body("data.verified", equalTo(false)).body("errors", hasKey("route"));
        api.request().get("/v1/routes/nope").then().statusCode(404);
        api.request().delete("/v1/routes/00000000-0000-0000-0000-000000000000").then().statusCode(404);

        // another team sees nothing of it
        TestApi stranger = TestApi.newTeam();
        stranger.request().get("/v1/routes/" + routeId).then().statusCode(404);
        stranger.request().get(base).then().statusCode(404);
        stranger.request().body(Map.of("name", "x", "route_type", "broadcast")).post(base).then().statusCode(404);
        stranger.request().post("/v1/routes/" + routeId + "/verify-inbound-domain").then().statusCode(404);
        // and permissions are checked like the domains'
        api.withOnly("routes:read").request().body(Map.of("name", "x", "route_type", "broadcast")).post(base)
                .then().statusCode(403);
        api.withOnly("routes:manage").request().delete("/v1/routes/" + routeId).then().statusCode(403);
        api.withOnly("projects:read").request().get(base).then().statusCode(403);
    }

    @Test
    void listsFilterSortAndPage() {
        TestApi api = TestApi.newTeam();
        String projectId = api.newProject("Paging").get("id");
        String base = "/v1/projects/" + projectId + "/routes";
        for (String name : List.of("Alpha", "Beta", "Gamma")) {
            api.request().body(Map.of("name", name, "route_type", "transactional")).post(base).then().statusCode(201);
        }
        api.request().get(base + "?filter[route_type]=broadcast").then().body("data.slug", equalTo(List.of(
                "broadcast")));
        api.request().get(base + "?filter[search]=ALP").then().body("data.slug", equalTo(List.of("alpha")));
        api.request().get(base + "?sort=slug").then().body("data.slug", equalTo(List.of("alpha", "beta",
                "broadcast", "gamma", "outgoing")));
        JsonPath first = api.request().get(base + "?sort=name&page[size]=2").then().statusCode(200)
                .body("data.name", equalTo(List.of("Alpha", "Beta"))).body("prev_cursor", nullValue())
                .extract().jsonPath();
        String next = first.getString("next_cursor");
        api.request().get(base + "?sort=name&page[size]=2&page[cursor]=" + next).then()
                .body("data.name", equalTo(List.of("Broadcast", "Gamma"))).body("prev_cursor", notNullValue());
        api.request().get(base + "?page[cursor]=" + next).then().statusCode(422);
    }

    @Test
    void deletingAProjectDeletesItsRoutes() {
        TestApi api = TestApi.newTeam();
        String projectId = api.newProject("Gone").get("id");
        String defaultId = api.request().get("/v1/projects/" + projectId).then().extract().path("default_route_id");
        try (ChangesReader<RouteChanged> changes = new ChangesReader<>(Topics.ROUTE_CHANGES,
                RouteChangedDeserializer.class)) {
            api.request().delete("/v1/projects/" + projectId).then().statusCode(200);
            RouteChanged gone = changes.await(c -> c.routeId().equals(defaultId)
                    && RouteChanged.STATUS_DELETED.equals(c.status()), Duration.ofSeconds(10)).value();
            assertEquals(RouteChanged.CHANGE_DELETED, gone.change());
        }
        api.request().get("/v1/routes/" + defaultId).then().statusCode(404);
        api.request().get("/v1/projects").then().body("data.id", org.hamcrest.Matchers.not(hasItem(projectId)));
    }
}
