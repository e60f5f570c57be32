package org.mintpost.token.routes;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
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

/**
 * A project's {@code delivery_mode} (create, update, retrieve; bad values a 422 naming the field) and how its
 * message settings reach the other contexts: every route of the project is published again on {@code route-changes}
 * with the project's {@code delivery_mode} and {@code redact_email_content}.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "mintpost_tokens_test"))
@QuarkusTestResource(TestKafka.class)
@QuarkusTestResource(JwtKeysResource.class)
class ProjectMessageSettingsTest {

    @Test
    void deliveryModeAndRedactionArePublishedOnEveryRouteOfTheProject() {
        TestApi api = TestApi.newTeam();
        api.createProject(Map.of("name", "Bad", "delivery_mode", "test")).statusCode(422)
                .body("errors.delivery_mode[0]", containsString("live or sandbox"));
        api.createProject(Map.of("name", "Bad", "delivery_mode", 3)).statusCode(422)
                .body("errors", hasKey("delivery_mode"));
        String live = api.createProject(Map.of("name", "Live")).statusCode(201)
                .body("data.delivery_mode", equalTo("live")).extract().path("data.id");
        String id = api.createProject(Map.of("name", "Sandbox", "delivery_mode", "sandbox")).statusCode(201)
                .body("data.delivery_mode", equalTo("sandbox")).extract().path("data.id");
        String defaultRoute = api.request().get("/v1/projects/" + id).then().statusCode(200)
                .body("delivery_mode", equalTo("sandbox")).extract().path("default_route_id");

        try (ChangesReader<RouteChanged> changes = new ChangesReader<>(Topics.ROUTE_CHANGES,
                RouteChangedDeserializer.class)) {
            RouteChanged created = changes.await(c -> c.routeId().equals(defaultRoute), Duration.ofSeconds(10))
                    .value();
            assertTrue(created.sandbox(), created.toString());
            assertFalse(created.redacted());

            api.request().body(Map.of("delivery_mode", "paused")).put("/v1/projects/" + id).then().statusCode(422)
                    .body("errors", hasKey("delivery_mode"));
            api.request().body(Map.of("delivery_mode", "live", "redact_email_content", true))
                    .put("/v1/projects/" + id).then().statusCode(200)
                    .body("data.delivery_mode", equalTo("live")).body("data.redact_email_content", equalTo(true));
            RouteChanged updated = changes.await(c -> c.routeId().equals(defaultRoute)
                    && c.revision() > created.revision(), Duration.ofSeconds(10)).value();
            assertEquals(RouteChanged.CHANGE_UPDATED, updated.change());
            assertFalse(updated.sandbox());
            assertTrue(updated.redacted());
            assertEquals(new RouteChanged.ProjectSettings("live", true), updated.project());
            RouteChanged other = changes.await(c -> id.equals(c.projectId()) && !c.routeId().equals(defaultRoute)
                    && c.revision() > created.revision(), Duration.ofSeconds(10)).value();
            assertTrue(other.redacted(), "every route of the project is published again: " + other);
        }
        api.request().get("/v1/projects/" + live).then().body("delivery_mode", equalTo("live"));
    }
}
