package org.mintpost.system;

import static io.restassured.RestAssured.given;
import static org.mintpost.system.RevocationBenchmark.percentile;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Issue #25 against DESIGN §4.2: how long after a GitHub-signed leak report returns until both gateways refuse the
 * reported project token, and how long the report call takes, beside the same run's baseline, a plain revoke through
 * the API. Two packaged gateways; each round makes two project tokens, sees both work at both gateways, then revokes
 * one through the API and reports the other as leaked (taking turns at going first and at which gateway is called),
 * and watches both gateways from the call's return with {@link EdgeRefusals}; the first rounds only warm up. Run with
 * {@code ./mvnw -pl system-tests -am -Pbench verify -Dtest=LeakReportBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * after a build.
 */
class LeakReportBenchmark {

    static final int ROUNDS = Integer.getInteger("bench.rounds", 200);
    /** Rounds run first and not counted, so that no figure is a just-started JVM's first call. */
    static final int WARM_UP = Integer.getInteger("bench.warm-up", 10);
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** One kind of call's figures: the call's own latency and the refusal at both gateways after its return. */
    static final class Series {
        final List<Double> call = new ArrayList<>();
        final List<Double> refused = new ArrayList<>();
        int acceptedAfterReturn;
        int roundsWithAcceptance;

        void add(long called, long returned, EdgeRefusals.Watch watch) {
            call.add((returned - called) / 1e6);
            refused.add(watch.refusedBy());
            acceptedAfterReturn += watch.acceptedAfterReturn();
            roundsWithAcceptance += watch.acceptedAfterReturn() > 0 ? 1 : 0;
        }

        String describe() {
            Collections.sort(call);
            Collections.sort(refused);
            return String.format("refused at both gateways p50 %.1f ms, p99 %.1f ms, max %.1f ms after the return;"
                    + " call p50 %.1f ms, p99 %.1f ms; a request sent after the return still accepted in %d of %d"
                    + " rounds (%d requests)", percentile(refused, 50), percentile(refused, 99),
                    refused.get(refused.size() - 1), percentile(call, 50), percentile(call, 99), roundsWithAcceptance,
                    refused.size(), acceptedAfterReturn);
        }
    }

    @Test
    void leakReportToRefusalAtEveryGateway() throws Exception {
        Suite suite = Suite.shared();
        List<Suite.Service> gateways = List.of(suite.gateway(), suite.anotherGateway());
        String team = suite.teamToken();
        String projectId = given().baseUri(suite.baseUrl()).header("Authorization", "Bearer " + team)
                .contentType(ContentType.JSON).body(Map.of("name", "Leak report benchmark " + UUID.randomUUID()))
                .post("/projects").then().statusCode(201).extract().path("data.id");
        Series warmUp = new Series();
        Series reports = new Series();
        Series revokes = new Series();
        try (EdgeRefusals edge = new EdgeRefusals()) {
            for (int i = 0; i < WARM_UP + ROUNDS; i++) {
                JsonPath leaked = newToken(suite, team, projectId);
                JsonPath revoked = newToken(suite, team, projectId);
                List<EdgeRefusals.Probe> leakedProbes = probes(gateways, leaked.getString("token"));
                List<EdgeRefusals.Probe> revokedProbes = probes(gateways, revoked.getString("token"));
                List<EdgeRefusals.Probe> all = new ArrayList<>(leakedProbes);
                all.addAll(revokedProbes);
                if (!edge.statuses(all).stream().allMatch(s -> s == 200)) {
                    throw new IllegalStateException("a fresh token was not accepted at both gateways");
                }
                Suite.Service called = gateways.get(i % 2);
                boolean counted = i >= WARM_UP;
                for (int turn = 0; turn < 2; turn++) {
                    if ((i + turn) % 2 == 0) {
                        report(edge, suite, called, leaked.getString("token"), leakedProbes,
                                counted ? reports : warmUp);
                    } else {
                        revoke(edge, called, team, projectId, revoked.getString("data.id"), revokedProbes,
                                counted ? revokes : warmUp);
                    }
                }
            }
        }
        System.out.printf("%nLEAK REPORT, 2 gateways, after %d warm-up rounds, %d GitHub-signed reports of a live"
                + " project token: %s%nBASELINE, same run, %d revokes through the API: %s%n(target: refused within"
                + " 100 ms p99, DESIGN §4.2)%n%n", WARM_UP, ROUNDS, reports.describe(), ROUNDS, revokes.describe());
    }

    private static void report(EdgeRefusals edge, Suite suite, Suite.Service gateway, String token,
            List<EdgeRefusals.Probe> probes, Series into) throws Exception {
        String body = JSON.writeValueAsString(List.of(GithubScanner.entry(token,
                "https://github.com/acme/bench/blob/main/.env", "commit")));
        long called = System.nanoTime();
        HttpResponse<String> answer = GithubScanner.report(gateway, body, Suite.SECRET_SCANNING_KEY_ID,
                suite.secretScanningKey);
        long returned = System.nanoTime();
        if (answer.statusCode() != 200 || !answer.body().contains("true_positive")) {
            throw new IllegalStateException("a leak report answered " + answer.statusCode() + " " + answer.body());
        }
        into.add(called, returned, edge.watch(returned, probes, Duration.ofSeconds(10)));
    }

    private static void revoke(EdgeRefusals edge, Suite.Service gateway, String team, String projectId,
            String tokenId, List<EdgeRefusals.Probe> probes, Series into) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/projects/" + projectId
                + "/tokens/" + tokenId)).header("Authorization", "Bearer " + team).DELETE().build();
        long called = System.nanoTime();
        HttpResponse<Void> answer = HTTP.send(request, HttpResponse.BodyHandlers.discarding());
        long returned = System.nanoTime();
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("a revoke answered " + answer.statusCode());
        }
        into.add(called, returned, edge.watch(returned, probes, Duration.ofSeconds(10)));
    }

    private static JsonPath newToken(Suite suite, String team, String projectId) {
        return given().baseUri(suite.baseUrl()).header("Authorization", "Bearer " + team)
                .contentType(ContentType.JSON).body(Map.of("name", "bench " + UUID.randomUUID()))
                .post("/projects/" + projectId + "/tokens").then().statusCode(201).extract().jsonPath();
    }

    private static List<EdgeRefusals.Probe> probes(List<Suite.Service> gateways, String token) {
        return List.of(EdgeRefusals.ping("gateway 1", gateways.get(0), token),
                EdgeRefusals.ping("gateway 2", gateways.get(1), token));
    }
}
