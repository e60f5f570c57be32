package org.mintpost.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.response.Response;

/**
 * The one OpenAPI document of the public API ({@code GET /v1/openapi.json} at the edge) checked against the running
 * suite: every documented operation answers (a route that exists, whatever it thinks of random ids and an empty
 * body: never the answer a path nobody serves gets, never a 5xx), and every path family the edge routes is
 * documented.
 */
class OpenApiEndToEndTest {

    /** Every path family the edge serves or forwards (EdgeForwarder, EdgeRoutes, PingResource, OpenApiResource). */
    private static final List<String> ROUTED = List.of("/v1/send", "/v1/send/batch", "/v1/ping", "/v1/openapi.json",
            "/v1/projects", "/v1/team", "/v1/domains", "/v1/routes", "/v1/suppressions", "/v1/blocked-file-types",
            "/v1/secret-scanning/github", "/v1/tokens/report-leak", "/v1/messages", "/v1/stats", "/v1/webhooks");
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    static Suite suite;

    @BeforeAll
    static void start() {
        suite = Suite.shared();
    }

    @Test
    void everyDocumentedOperationAnswersAndEveryRoutedPathIsDocumented() {
        Response doc = given().baseUri(suite.baseUrl()).get("/openapi.json");
        assertEquals(200, doc.statusCode(), doc.asString());
        assertTrue(doc.path("openapi").toString().startsWith("3.1"), "OpenAPI 3.1");
        Map<String, Map<String, Object>> paths = doc.path("paths");
        assertTrue(paths.size() > 40, "the whole API, not one service: " + paths.keySet());
        for (String family : ROUTED) {
            assertTrue(paths.keySet().stream().anyMatch(p -> p.equals(family) || p.startsWith(family + "/")),
                    family + " is routed by the edge but not documented");
        }
        assertFalse(paths.keySet().stream().anyMatch(p -> !p.startsWith("/v1/")), "internal paths stay out");

        String id = UUID.randomUUID().toString();
        Response miss = call("get", "/v1/projects/" + id + "/no-such-path");
        List<String> failures = new ArrayList<>();
        paths.forEach((template, operations) -> operations.keySet().stream().filter(METHODS::contains)
                .forEach(method -> {
                    String path = template.replaceAll("\\{[^}]+}", id);
                    Response answer = call(method, path);
                    boolean routeMiss = answer.statusCode() == miss.statusCode()
                            && answer.asString().equals(miss.asString());
                    if (routeMiss || answer.statusCode() >= 500 || answer.statusCode() == 405) {
                        failures.add(method.toUpperCase() + " " + template + " -> " + answer.statusCode() + " "
                                + answer.asString());
                    }
                }));
        assertEquals(List.of(), failures, "documented operations that no route serves");
        assertNotEquals(200, miss.statusCode(), "the control path is really missing");
    }

    private static Response call(String method, String path) {
        var request = given().baseUri(suite.gateway().baseUrl()).header("Authorization", "Bearer " + suite.teamToken())
                .contentType("application/json").redirects().follow(false);
        if (!method.equals("get") && !method.equals("delete")) {
            request = request.body("{}");
        }
        return request.request(method.toUpperCase(), path);
    }
}
