package org.mintpost.token.workloads;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.OidcIssuer;
import org.mintpost.testing.PostgresResource;
import org.mintpost.token.TestApi;
import org.mintpost.token.TestKafka;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Opt-in ({@code -Dbench=true}): latency of {@code POST /v1/oidc/token} with the issuer's keys cached, next to
 * {@code POST /v1/projects/{id}/tokens} in the same run, alternating one of each per round (both wait for Kafka's
 * ack of the new token). Identity tokens are signed before the clock starts. Prints p50/p99; asserts nothing.
 * {@code ./mvnw -pl token-service -am test -Dbench=true -Dtest=OidcExchangeBenchmarkTest
 * -Dsurefire.failIfNoSpecifiedTests=false}
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "mintpost_tokens_test"))
@QuarkusTestResource(TestKafka.class)
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(OidcIssuersResource.class)
@EnabledIfSystemProperty(named = "bench", matches = "true")
class OidcExchangeBenchmarkTest {

    static final int WARMUP = Integer.getInteger("bench.warmup", 50);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 300);

    @Test
    void exchangeLatencyNextToTokenCreation() {
        TestApi api = TestApi.newTeam();
        OidcIssuer issuer = OidcIssuersResource.trusted;
        String aud = "bench-" + UUID.randomUUID();
        String projectId = OidcExchangeTest.trust(api, aud, Map.of("repository", "acme/bench"), 900).get("project");
        List<String> identities = new ArrayList<>();
        for (int i = 0; i < WARMUP + ROUNDS; i++) {
            identities.add(issuer.rs256(issuer.github(aud, "acme/bench", "refs/heads/main")));
        }
        List<Double> exchange = new ArrayList<>();
        List<Double> create = new ArrayList<>();
        for (int i = 0; i < WARMUP + ROUNDS; i++) {
            long start = System.nanoTime();
            OidcExchangeTest.exchange(identities.get(i)).statusCode(201);
            double exchangeMs = (System.nanoTime() - start) / 1e6;
            start = System.nanoTime();
            api.request().body(Map.of("name", "bench " + i)).post("/v1/projects/" + projectId + "/tokens").then()
                    .statusCode(201);
            double createMs = (System.nanoTime() - start) / 1e6;
            if (i >= WARMUP) {
                exchange.add(exchangeMs);
                create.add(createMs);
            }
        }
        System.out.printf("BENCH oidc exchange (JWKS cached), %d rounds: p50 %.1f ms, p99 %.1f ms%n", ROUNDS,
                percentile(exchange, 50), percentile(exchange, 99));
        System.out.printf("BENCH POST /v1/projects/{id}/tokens, same run: p50 %.1f ms, p99 %.1f ms%n",
                percentile(create, 50), percentile(create, 99));
    }

    static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
