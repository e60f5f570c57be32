package org.mintpost.system;

import static io.restassured.RestAssured.given;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * DESIGN §4.2: how long after a revoke call returns until every gateway refuses the token. Two
 * packaged gateways; for each of N tokens: create, use at both, revoke through the edge, then poll
 * both gateways as fast as one client can until both refuse. Prints p50/p99/max. Run with
 * {@code ./mvnw -pl system-tests -Pbench test -Dtest=RevocationBenchmark} after a build.
 */
class RevocationBenchmark {

    static final int ROUNDS = Integer.getInteger("bench.rounds", 200);

    @Test
    void revocationPropagation() throws Exception {
        Suite suite = Suite.shared();
        Suite.Service first = suite.gateway();
        Suite.Service second = suite.startExtraGateway();
        String team = suite.teamToken();
        String projectId = given().baseUri(suite.baseUrl()).header("Authorization", "Bearer " + team)
                .contentType(ContentType.JSON).body(Map.of("name", "Revocation benchmark"))
                .post("/projects").then().statusCode(201).extract().path("data.id");
        HttpClient http = HttpClient.newHttpClient();

        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            JsonPath created = given().baseUri(suite.baseUrl()).header("Authorization", "Bearer " + team)
                    .contentType(ContentType.JSON).body(Map.of("name", "bench " + UUID.randomUUID()))
                    .post("/projects/" + projectId + "/tokens").then().statusCode(201).extract().jsonPath();
            String token = created.getString("token");
            if (ping(http, first, token) != 200 || ping(http, second, token) != 200) {
                throw new IllegalStateException("a fresh token was not accepted");
            }
            given().baseUri(suite.baseUrl()).header("Authorization", "Bearer " + team)
                    .delete("/projects/" + projectId + "/tokens/" + created.getString("data.id"))
                    .then().statusCode(200);
            long returned = System.nanoTime();
            boolean firstRefused = false;
            boolean secondRefused = false;
            while (!(firstRefused && secondRefused)) {
                firstRefused = firstRefused || ping(http, first, token) == 401;
                secondRefused = secondRefused || ping(http, second, token) == 401;
                if (System.nanoTime() - returned > 10_000_000_000L) {
                    throw new IllegalStateException("a revoked token was still accepted after 10 s");
                }
            }
            millis.add((System.nanoTime() - returned) / 1e6);
        }
        Collections.sort(millis);
        System.out.printf("%nREVOCATION PROPAGATION, 2 gateways, %d tokens: p50 %.1f ms, p99 %.1f ms, max %.1f ms"
                + " (target: p99 <= 100 ms)%n%n", ROUNDS, percentile(millis, 50), percentile(millis, 99),
                millis.get(millis.size() - 1));
    }

    private static int ping(HttpClient http, Suite.Service gateway, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/ping"))
                .header("x-lettermint-token", token).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
