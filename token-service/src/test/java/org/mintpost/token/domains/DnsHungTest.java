package org.mintpost.token.domains;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.mintpost.testing.Dnsmasq;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.PostgresResource;
import org.mintpost.token.TestApi;
import org.mintpost.token.TestKafka;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * The DNS server hangs: Debian's {@code dnsmasq} in a process of its own, paused with {@code kill -STOP} (nothing
 * answers, as a DNS server in a paused VM or behind a partition). With the production deadlines (a look-up's
 * {@code mintpost.dns.timeout}, 2 s, inside the request's {@code mintpost.db.request-deadline}, 3 s), domain
 * verification answers with what it knows: a verified domain stays verified (200), a pending one gets 422 saying
 * the look-up timed out; never a 5xx (the request deadline's 503 included), never a request left hanging, and the
 * rest of the API answers as usual meanwhile. Once dnsmasq answers again, verification does too.
 */
@QuarkusTest
@TestProfile(DnsHungTest.ProductionDeadline.class)
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "mintpost_tokens_test"))
@QuarkusTestResource(TestKafka.class)
@QuarkusTestResource(JwtKeysResource.class)
class DnsHungTest {

    /** The production DNS and request deadlines (the test profile's are 1 s and 30 s), DNS from the test's dnsmasq. */
    public static class ProductionDeadline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mintpost.dns.timeout", "2s", "mintpost.db.request-deadline", "3s",
                    "mintpost.dns.servers", dnsmasq().address());
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DnsmasqResource.class));
        }
    }

    /** Points the service at the test's dnsmasq (as the profile does) and stops it at the end. */
    public static class DnsmasqResource implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of("mintpost.dns.servers", dnsmasq().address());
        }

        @Override
        public void stop() {
            dnsmasq().close();
        }
    }

    private static Dnsmasq dnsmasq;

    static synchronized Dnsmasq dnsmasq() {
        if (dnsmasq == null) {
            dnsmasq = Dnsmasq.start("example");
        }
        return dnsmasq;
    }

    private static final long DEADLINE_MS = 2_000;
    /** The request deadline: an answer later than that would be its 503. */
    private static final long REQUEST_DEADLINE_MS = 3_000;
    /** The request deadline and the round trip on a loaded two-core test machine. */
    private static final long BOUND_MS = REQUEST_DEADLINE_MS + 1_000;

    @Test
    void aHungDnsServerGivesBoundedAnswersAndNothingElseWaits() throws Exception {
        TestApi api = TestApi.newTeam();
        JsonPath verified = create(api, "hung-verified-" + System.nanoTime() + ".example");
        JsonPath pending = create(api, "hung-pending-" + System.nanoTime() + ".example");
        List<Map<String, Object>> records = verified.getList("dns_records");
        for (Map<String, Object> record : records) {
            if ("CNAME".equals(record.get("type"))) {
                dnsmasq().cname((String) record.get("fqdn"), (String) record.get("content"));
            } else {
                dnsmasq().txt((String) record.get("fqdn"), (String) record.get("content"));
            }
        }
        dnsmasq().apply();
        String verifiedId = verified.getString("id");
        String pendingId = pending.getString("id");
        api.request().post("/v1/domains/" + verifiedId + "/dns-records/verify").then().statusCode(200);
        assertEquals("verified", statusOf(api, verifiedId), "dnsmasq answers with the published records");

        dnsmasq().pause();
        List<CompletableFuture<long[]>> verifies = new ArrayList<>();
        List<Long> others = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int i = 0; i < 8; i++) {
                String id = i % 2 == 0 ? verifiedId : pendingId;
                verifies.add(CompletableFuture.supplyAsync(() -> timed(() ->
                        api.request().post("/v1/domains/" + id + "/dns-records/verify")), pool));
            }
            // the rest of the API meanwhile: the list, a domain, readiness
            for (int i = 0; i < 5; i++) {
                others.add(timed(() -> api.request().get("/v1/domains"))[1]);
                others.add(timed(() -> api.request().get("/v1/domains/" + pendingId))[1]);
                others.add(timed(() -> api.request().get("/q/health/ready"))[1]);
            }
            CompletableFuture.allOf(verifies.toArray(CompletableFuture[]::new)).get();
            // a pending domain is told why, within the deadline
            Response answer = api.request().post("/v1/domains/" + pendingId + "/dns-records/verify");
            answer.then().statusCode(422).body("errors.error", hasItem(containsString("timed out")));
            assertEquals("verified", statusOf(api, verifiedId), "a hung DNS never unverifies a domain");
            assertEquals("pending_verification", statusOf(api, pendingId));
        } finally {
            dnsmasq().resume();
            pool.shutdownNow();
        }
        List<String> wrong = new ArrayList<>();
        long slowest = 0;
        for (int i = 0; i < verifies.size(); i++) {
            long[] a = verifies.get(i).get();
            slowest = Math.max(slowest, a[1]);
            if (a[0] != (i % 2 == 0 ? 200 : 422)) {
                wrong.add((i % 2 == 0 ? "verified domain: " : "pending domain: ") + a[0]);
            }
        }
        assertEquals(List.of(), wrong,
                "200 for the verified domain, 422 for the pending one, never a 5xx (nor the request deadline's 503)");
        assertTrue(slowest >= DEADLINE_MS - 100, "the look-ups waited for their deadline: " + slowest + " ms");
        assertTrue(slowest < BOUND_MS, "every verification answered within its deadline: " + slowest + " ms");
        long slowestOther = others.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(slowestOther < 1_000, "the rest of the API never waited on the DNS: " + others);

        // dnsmasq answers again: so does verification
        api.request().post("/v1/domains/" + verifiedId + "/dns-records/verify").then().statusCode(200)
                .body("message", equalTo("DNS records verified successfully."));
    }

    private static long[] timed(java.util.function.Supplier<Response> call) {
        long start = System.nanoTime();
        Response response = call.get();
        return new long[] {response.statusCode(), (System.nanoTime() - start) / 1_000_000};
    }

    private static JsonPath create(TestApi api, String name) {
        return api.request().body(Map.of("domain", name)).post("/v1/domains").then().statusCode(201)
                .extract().jsonPath();
    }

    private static String statusOf(TestApi api, String id) {
        List<Map<String, Object>> all = api.request().queryParam("page[size]", 100).get("/v1/domains").then()
                .statusCode(200).extract().jsonPath().getList("data");
        return all.stream().filter(d -> id.equals(d.get("id"))).map(d -> (String) d.get("status")).findFirst()
                .orElseThrow();
    }
}
