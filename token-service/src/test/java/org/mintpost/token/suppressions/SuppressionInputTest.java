package org.mintpost.token.suppressions;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.PostgresResource;
import org.mintpost.token.TestApi;
import org.mintpost.token.TestKafka;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Bad input on the suppressions surface: another team's project or route is not found (create and list filters);
 * two equal creates at the same moment give one entry, the loser a 409, never a 5xx; too many addresses and unknown
 * enums are 422s naming the field.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "mintpost_tokens_test"))
@QuarkusTestResource(TestKafka.class)
@QuarkusTestResource(JwtKeysResource.class)
class SuppressionInputTest {

    @Test
    void anotherTeamsProjectOrRouteIsNotFound() {
        TestApi mine = TestApi.newTeam();
        TestApi theirs = TestApi.newTeam();
        String myProject = mine.newProject("Mine").get("id");
        String theirProject = theirs.newProject("Theirs").get("id");
        String myRoute = firstRoute(mine, myProject);
        String theirRoute = firstRoute(theirs, theirProject);

        mine.request().body(Map.of("email", "a@example.org", "reason", "manual", "scope", "project",
                "project_id", theirProject)).post("/v1/suppressions").then().statusCode(404)
                .body("error", equalTo("not_found"));
        mine.request().body(Map.of("email", "a@example.org", "reason", "manual", "scope", "route",
                "project_id", myProject, "route_id", theirRoute)).post("/v1/suppressions").then().statusCode(404);
        mine.request().body(Map.of("email", "a@example.org", "reason", "manual", "scope", "route",
                "project_id", myProject, "route_id", "no-such-route")).post("/v1/suppressions").then().statusCode(404);
        mine.request().get("/v1/suppressions?filter[project_id]=" + theirProject).then().statusCode(404);
        mine.request().get("/v1/suppressions?filter[route_id]=" + theirRoute).then().statusCode(404);

        mine.request().body(Map.of("email", "a@example.org", "reason", "unsubscribe", "scope", "route",
                "project_id", myProject, "route_id", myRoute)).post("/v1/suppressions").then().statusCode(201);
        mine.request().get("/v1/suppressions?filter[route_id]=" + myRoute).then().statusCode(200)
                .body("data.value", equalTo(List.of("a@example.org")));
        mine.request().get("/v1/suppressions?filter[project_id]=" + myProject).then().statusCode(200);
    }

    @Test
    void twoEqualCreatesAtOnceGiveOneEntryAndTheLoserA409() throws Exception {
        TestApi api = TestApi.newTeam();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 8; round++) {
                List<String> emails = new ArrayList<>();
                for (int i = 0; i < 300; i++) {
                    emails.add("race-" + round + "-" + i + "@example.org");
                }
                Map<String, Object> body = Map.of("emails", emails, "reason", "manual", "scope", "team");
                List<CompletableFuture<Response>> both = IntStream.range(0, 2).mapToObj(i -> CompletableFuture
                        .supplyAsync(() -> api.request().body(body).post("/v1/suppressions"), pool)).toList();
                List<Integer> statuses = new ArrayList<>();
                int created = 0;
                for (CompletableFuture<Response> f : both) {
                    Response r = f.get();
                    statuses.add(r.statusCode());
                    if (r.statusCode() == 201) {
                        created += r.jsonPath().getList("data.created").size();
                    } else {
                        assertEquals("conflict", r.jsonPath().getString("error"));
                    }
                }
                assertTrue(statuses.stream().allMatch(s -> s == 201 || s == 409), "statuses " + statuses);
                assertEquals(300, created, "every address added once, by one of the two");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tooManyAddressesAndUnknownEnumsAre422() {
        TestApi api = TestApi.newTeam();
        List<String> many = IntStream.range(0, 1_001).mapToObj(i -> "n" + i + "@example.org").toList();
        api.request().body(Map.of("emails", many, "reason", "manual", "scope", "team")).post("/v1/suppressions")
                .then().statusCode(422).body("errors.emails", notNullValue());
        api.request().body(Map.of("email", "a@example.org", "reason", "bored", "scope", "galaxy"))
                .post("/v1/suppressions").then().statusCode(422).body("errors.reason", notNullValue())
                .body("errors.scope", notNullValue());
        api.request().get("/v1/suppressions?filter[reason]=bored").then().statusCode(422);
    }

    private static String firstRoute(TestApi api, String projectId) {
        return api.request().get("/v1/projects/" + projectId + "/routes").then().statusCode(200).extract()
                .jsonPath().getString("data[0].id");
    }
}
