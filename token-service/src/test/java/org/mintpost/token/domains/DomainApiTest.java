package org.mintpost.token.domains;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.DomainChanged;
import org.mintpost.contracts.kafka.DomainChangedDeserializer;
import org.mintpost.testing.DnsResource;
import org.mintpost.testing.DnsZone;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.PostgresResource;
import org.mintpost.token.TestApi;
import org.mintpost.token.TestKafka;
import org.mintpost.token.ChangesReader;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The SDK's {@code domains} surface against a real DNS server (test-support's {@link org.mintpost.testing.DnsServer}):
 * records made at creation, verification as they are published (and when the DNS fails), projects, rotation,
 * deletion, and the state on {@code domain-changes} with its private keys sealed.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "mintpost_tokens_test"))
@QuarkusTestResource(TestKafka.class)
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(DnsResource.class)
class DomainApiTest {

    private final DnsZone dns = DnsResource.zone();

    @Test
    void createShowsTheRecordsToPublishAndVerificationFollowsTheDns() {
        TestApi api = TestApi.newTeam();
        String name = "verify-" + System.nanoTime() + ".example";
        JsonPath created = api.request().body(Map.of("domain", "  " + name.toUpperCase() + ". ")).post("/v1/domains")
                .then().statusCode(201)
                .body("domain", equalTo(name))
                .body("dkim_mode", equalTo("legacy_txt"))
                .body("rotation_ready", equalTo(false))
                .body("status_changed_at", notNullValue())
                .body("projects", hasSize(0))
                .body("dns_records", hasSize(4))
                .body("dns_records.status", everyItem(equalTo("pending")))
                .body("dns_records.verified_at", everyItem(nullValue()))
                .body("dns_records.purpose", equalTo(List.of("dkim_primary", "dkim_secondary", "return_path", "dmarc")))
                .body("dns_records.verification_scope", equalTo(List.of("required", "recommended", "required",
                        "recommended")))
                .body("dns_records.required_for_verification", equalTo(List.of(true, false, true, false)))
                .body("dns_records.hostname", equalTo(List.of("mp1._domainkey", "mp2._domainkey", "mp-bounces",
                        "_dmarc")))
                .body("dns_records[2].type", equalTo("CNAME"))
                .body("dns_records[2].content", equalTo("bounces.localhost"))
                .body("dns_records[0].fqdn", equalTo("mp1._domainkey." + name))
                .body("dns_records[0].content", containsString("v=DKIM1; k=rsa; p=MII"))
                .extract().jsonPath();
        String id = created.getString("id");
        assertFalse(created.prettify().contains("PRIVATE"), "no private key in the answer");
        status(api, id, "pending_verification");

        // nothing published: 422 naming both required records
        api.request().post("/v1/domains/" + id + "/dns-records/verify").then().statusCode(422)
                .body("error", equalTo("verification_failed"))
                .body("failed_count", equalTo(2))
                .body("total_count", equalTo("4"))
                .body("failed_records.name", equalTo(List.of("mp1._domainkey." + name, "mp-bounces." + name)))
                .body("errors[0].error", containsString("No TXT record found at mp1._domainkey." + name));
        status(api, id, "pending_verification");

        // the DKIM key alone: partially verified
        publish(created, 0);
        api.request().post("/v1/domains/" + id + "/dns-records/verify").then().statusCode(422)
                .body("failed_records.name", equalTo(List.of("mp-bounces." + name)));
        status(api, id, "partially_verified");

        // a wrong CNAME is named as such
        dns.cname("mp-bounces." + name, "elsewhere.example");
        api.request().post("/v1/domains/" + id + "/dns-records/verify").then().statusCode(422)
                .body("errors[0].error", containsString("found: elsewhere.example"));
        dns.remove("mp-bounces." + name);

        publish(created, 2);
        try (ChangesReader<DomainChanged> changes = new ChangesReader<>(Topics.DOMAIN_CHANGES,
                DomainChangedDeserializer.class)) {
            api.request().post("/v1/domains/" + id + "/dns-records/verify").then().statusCode(200)
                    .body("message", equalTo("DNS records verified successfully."))
                    .body("recommended_failed_records.name",
                            equalTo(List.of("mp2._domainkey." + name, "_dmarc." + name)));
            status(api, id, "verified");
            DomainChanged verified = changes.await(c -> c.domainId().equals(id) && c.isVerified(),
                    Duration.ofSeconds(10)).value();
            assertEquals(api.teamId, verified.teamId());
            assertEquals("mp1", verified.activeSelector());
            assertEquals(2, verified.keys().size());
            for (DomainChanged.DkimKey key : verified.keys()) {
                SealedKeys.assertOpensToTheKeyOf(key, id);
            }
        }
        api.request().get("/v1/domains/" + id).then().statusCode(200)
                .body("dns_records[0].status", equalTo("active"))
                .body("dns_records[0].verified_at", notNullValue())
                .body("dns_records[0].last_checked_at", notNullValue())
                .body("dns_records[1].status", equalTo("failed"));

        // one record on its own
        String dmarcId = created.getString("dns_records[3].id");
        api.request().post("/v1/domains/" + id + "/dns-records/" + dmarcId + "/verify").then().statusCode(422)
                .body("result.status", equalTo("failed"));
        publish(created, 3);
        api.request().post("/v1/domains/" + id + "/dns-records/" + dmarcId + "/verify").then().statusCode(200)
                .body("message", equalTo("DNS record verified successfully."));
    }

    @Test
    void aDnsFailureKeepsTheStatusAndSaysWhyNeverA5xx() {
        TestApi api = TestApi.newTeam();
        JsonPath created = create(api, "flaky-" + System.nanoTime() + ".example");
        String id = created.getString("id");
        String name = created.getString("domain");
        dns.servfail("mp1._domainkey." + name);
        dns.silent("mp-bounces." + name);
        long started = System.nanoTime();
        api.request().post("/v1/domains/" + id + "/dns-records/verify").then().statusCode(422)
                .body("errors.error", hasItem(containsString("SERVFAIL")))
                .body("errors.error", hasItem(containsString("timed out")));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 5_000, "bounded by the DNS deadline");
        status(api, id, "pending_verification");
        api.request().get("/v1/domains/" + id).then().body("dns_records[0].status", equalTo("pending"));

        // verified, then the DNS fails: still verified (a hiccup never unverifies a domain)
        dns.remove("mp1._domainkey." + name).remove("mp-bounces." + name);
        publish(created, 0);
        publish(created, 2);
        api.request().post("/v1/domains/" + id + "/dns-records/verify").then().statusCode(200);
        dns.remove("mp1._domainkey." + name).servfail("mp1._domainkey." + name);
        api.request().post("/v1/domains/" + id + "/dns-records/verify").then().statusCode(200);
        status(api, id, "verified");

        // the records really gone: failed_verification
        dns.remove("mp1._domainkey." + name).remove("mp-bounces." + name);
        api.request().post("/v1/domains/" + id + "/dns-records/verify").then().statusCode(422);
        status(api, id, "failed_verification");
    }

    @Test
    void badNamesDuplicatesAndOtherTeamsDomains() {
        TestApi api = TestApi.newTeam();
        for (String bad : List.of("", "localhost", "user@example.com", "https://example.com", "-a.example",
                "a..example", "192.168.0.1", "x".repeat(64) + ".example")) {
            api.request().body(Map.of("domain", bad)).post("/v1/domains").then().statusCode(422)
                    .body("error", equalTo("validation_error")).body("errors.domain", notNullValue());
        }
        api.request().body(Map.of("domain", 42)).post("/v1/domains").then().statusCode(422);
        api.request().body("{").post("/v1/domains").then().statusCode(400);
        String name = "taken-" + System.nanoTime() + ".example";
        create(api, name);
        api.request().body(Map.of("domain", name)).post("/v1/domains").then().statusCode(422)
                .body("errors.domain[0]", equalTo("The domain has already been taken."));
        TestApi other = TestApi.newTeam();
        other.request().body(Map.of("domain", name)).post("/v1/domains").then().statusCode(409)
                .body("error", equalTo("conflict")).body("message", containsString("another team"));
        other.request().get("/v1/domains/" + java.util.UUID.randomUUID()).then().statusCode(404)
                .body("error", equalTo("not_found"));
        other.request().get("/v1/domains/not-a-uuid").then().statusCode(404);
        api.withOnly("domains:read").request().body(Map.of("domain", "x.example")).post("/v1/domains").then()
                .statusCode(403);
    }

    @Test
    void projectsAttachAndTravelOnTheTopic() {
        TestApi api = TestApi.newTeam();
        String projectId = api.newProject("Shop").get("id");
        String otherTeamsProject = TestApi.newTeam().newProject("Theirs").get("id");
        String id = create(api, "attach-" + System.nanoTime() + ".example").getString("id");
        api.request().body(Map.of("project_ids", List.of(projectId, otherTeamsProject))).put("/v1/domains/" + id
                + "/projects").then().statusCode(422).body("errors.'project_ids.1'", notNullValue());
        api.request().body(Map.of("project_ids", "x")).put("/v1/domains/" + id + "/projects").then().statusCode(422);
        try (ChangesReader<DomainChanged> changes = new ChangesReader<>(Topics.DOMAIN_CHANGES,
                DomainChangedDeserializer.class)) {
            api.request().body(Map.of("project_ids", List.of(projectId))).put("/v1/domains/" + id + "/projects")
                    .then().statusCode(200)
                    .body("message", equalTo("Domain projects updated successfully."))
                    .body("data.projects", equalTo(List.of(Map.of("id", projectId, "name", "Shop"))));
            changes.await(c -> c.domainId().equals(id) && c.projectIds().equals(List.of(projectId)),
                    Duration.ofSeconds(10));
        }
        api.request().queryParam("filter[project]", projectId).get("/v1/domains").then().statusCode(200)
                .body("data.id", equalTo(List.of(id)));
        // the project counts the domains it may send from, in its own answer and in the list
        api.request().get("/v1/projects/" + projectId).then().statusCode(200).body("domains_count", equalTo(1));
        api.request().get("/v1/projects").then().statusCode(200)
                .body("data.find { it.id == '" + projectId + "' }.domains_count", equalTo(1));
        api.request().delete("/v1/domains/" + id).then().statusCode(200);
        api.request().get("/v1/projects/" + projectId).then().statusCode(200).body("domains_count", equalTo(0));
    }

    @Test
    void listFiltersSortsAndPages() {
        TestApi api = TestApi.newTeam();
        String stamp = Long.toString(System.nanoTime());
        for (String prefix : List.of("b", "a", "c")) {
            create(api, prefix + stamp + ".example");
        }
        JsonPath first = api.request().queryParam("page[size]", 2).queryParam("sort", "domain").get("/v1/domains")
                .then().statusCode(200).body("per_page", equalTo(2)).body("prev_cursor", nullValue())
                .body("data.domain", equalTo(List.of("a" + stamp + ".example", "b" + stamp + ".example")))
                .body("data[0].status", equalTo("pending_verification"))
                .body("next_page_url", containsString("cursor")).extract().jsonPath();
        JsonPath second = api.request().queryParam("page[size]", 2).queryParam("sort", "domain")
                .queryParam("page[cursor]", first.getString("next_cursor")).get("/v1/domains").then().statusCode(200)
                .body("data.domain", equalTo(List.of("c" + stamp + ".example")))
                .body("next_cursor", nullValue()).extract().jsonPath();
        api.request().queryParam("page[size]", 2).queryParam("sort", "domain")
                .queryParam("page[cursor]", second.getString("prev_cursor")).get("/v1/domains").then()
                .body("data.domain", equalTo(List.of("a" + stamp + ".example", "b" + stamp + ".example")));
        api.request().get("/v1/domains").then().body("data.domain[0]", equalTo("c" + stamp + ".example"))
                .body("per_page", equalTo(30));
        api.request().queryParam("filter[domain]", "B" + stamp).get("/v1/domains").then()
                .body("data.domain", equalTo(List.of("b" + stamp + ".example")));
        api.request().queryParam("filter[status]", "verified").get("/v1/domains").then().body("data", hasSize(0));
        api.request().queryParam("filter[status]", "nope").get("/v1/domains").then().statusCode(422);
        api.request().queryParam("sort", "size").get("/v1/domains").then().statusCode(422);
        api.request().queryParam("page[cursor]", "garbage").get("/v1/domains").then().statusCode(422);
    }

    @Test
    void rotationPromotesThePublishedStandbyKey() {
        TestApi api = TestApi.newTeam();
        JsonPath created = create(api, "rotate-" + System.nanoTime() + ".example");
        String id = created.getString("id");
        publish(created, 0);
        publish(created, 2);
        api.request().post("/v1/domains/" + id + "/dkim/rotate").then().statusCode(422)
                .body("errors.dkim[0]", containsString("mp2"));
        publish(created, 1);
        api.request().post("/v1/domains/" + id + "/dns-records/verify").then().statusCode(200);
        api.request().get("/v1/domains/" + id).then().body("rotation_ready", equalTo(true));
        try (ChangesReader<DomainChanged> changes = new ChangesReader<>(Topics.DOMAIN_CHANGES,
                DomainChangedDeserializer.class)) {
            JsonPath rotated = api.request().post("/v1/domains/" + id + "/dkim/rotate").then().statusCode(200)
                    .body("data.rotation_ready", equalTo(false))
                    .body("data.dns_records.hostname", hasItem("mp3._domainkey"))
                    .extract().jsonPath();
            List<Map<String, Object>> records = rotated.getList("data.dns_records");
            Map<String, String> purposeBySelector = new java.util.HashMap<>();
            records.forEach(r -> purposeBySelector.put((String) r.get("hostname"), (String) r.get("purpose")));
            assertEquals(Map.of("mp1._domainkey", "dkim_legacy", "mp2._domainkey", "dkim_primary",
                    "mp3._domainkey", "dkim_secondary", "mp-bounces", "return_path", "_dmarc", "dmarc"),
                    purposeBySelector);
            DomainChanged change = changes.await(c -> c.domainId().equals(id)
                    && DomainChanged.CHANGE_ROTATED.equals(c.change()), Duration.ofSeconds(10)).value();
            assertEquals("mp2", change.activeSelector());
            assertEquals(List.of("retired", "active", "standby"),
                    change.keys().stream().map(DomainChanged.DkimKey::role).toList());
            assertEquals("verified", change.status(), "the new active key was published: still verified");
        }
    }

    @Test
    void deleteFreesTheNameAndPublishesItGone() {
        TestApi api = TestApi.newTeam();
        String name = "gone-" + System.nanoTime() + ".example";
        String id = create(api, name).getString("id");
        api.withOnly("domains:read").request().delete("/v1/domains/" + id).then().statusCode(403);
        try (ChangesReader<DomainChanged> changes = new ChangesReader<>(Topics.DOMAIN_CHANGES,
                DomainChangedDeserializer.class)) {
            api.request().delete("/v1/domains/" + id).then().statusCode(200)
                    .body("message", equalTo("Domain deleted successfully."));
            DomainChanged gone = changes.await(c -> c.domainId().equals(id) && "deleted".equals(c.status()),
                    Duration.ofSeconds(10)).value();
            assertTrue(gone.keys().isEmpty());
        }
        api.request().get("/v1/domains/" + id).then().statusCode(404);
        api.request().delete("/v1/domains/" + id).then().statusCode(404);
        create(TestApi.newTeam(), name);
    }

    @Test
    void eachEndpointNeedsItsPermissionAndAnotherTeamsDomainIsNotFound() {
        TestApi owner = TestApi.newTeam();
        JsonPath created = create(owner, "perm-" + System.nanoTime() + ".example");
        String id = created.getString("id");
        String record = created.getString("dns_records[0].id");
        List<List<String>> endpoints = List.of(
                List.of("GET", "/v1/domains", "domains:read"),
                List.of("GET", "/v1/domains/" + id, "domains:read"),
                List.of("PUT", "/v1/domains/" + id + "/projects", "domains:manage"),
                List.of("POST", "/v1/domains/" + id + "/dns-records/verify", "domains:manage"),
                List.of("POST", "/v1/domains/" + id + "/dns-records/" + record + "/verify", "domains:manage"),
                List.of("POST", "/v1/domains/" + id + "/dkim/rotate", "domains:manage"),
                List.of("DELETE", "/v1/domains/" + id, "domains:delete"));
        TestApi stranger = TestApi.newTeam();
        for (List<String> e : endpoints) {
            String other = e.get(2).equals("domains:read") ? "domains:manage" : "domains:read";
            owner.withOnly(other).request().body(Map.of("project_ids", List.of())).request(e.get(0), e.get(1)).then()
                    .statusCode(403).body("error", equalTo("forbidden"));
            if (e.get(1).contains(id)) {
                stranger.request().body(Map.of("project_ids", List.of())).request(e.get(0), e.get(1)).then()
                        .statusCode(404).body("error", equalTo("not_found"));
            }
        }
        owner.withOnly("domains:read").request().get("/v1/domains/" + id).then().statusCode(200);
    }

    @Test
    void theScheduleVerifiesAPendingDomainOnItsOwn() {
        TestApi api = TestApi.newTeam();
        JsonPath created = create(api, "scheduled-" + System.nanoTime() + ".example");
        publish(created, 0);
        publish(created, 2);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                .until(() -> "verified".equals(statusOf(api, created.getString("id"))));
    }

    private static JsonPath create(TestApi api, String name) {
        return api.request().body(Map.of("domain", name)).post("/v1/domains").then().statusCode(201)
                .extract().jsonPath();
    }

    /** Publishes record {@code i} of the created domain in the test's DNS, as a user pastes it. */
    private void publish(JsonPath created, int i) {
        String fqdn = created.getString("dns_records[" + i + "].fqdn");
        String content = created.getString("dns_records[" + i + "].content");
        if ("CNAME".equals(created.getString("dns_records[" + i + "].type"))) {
            dns.cname(fqdn, content);
        } else {
            dns.txt(fqdn, content);
        }
    }

    private static void status(TestApi api, String id, String expected) {
        assertEquals(expected, statusOf(api, id));
    }

    private static String statusOf(TestApi api, String id) {
        List<Map<String, Object>> all = api.request().queryParam("page[size]", 100).get("/v1/domains").then()
                .statusCode(200).extract().jsonPath().getList("data");
        return all.stream().filter(d -> id.equals(d.get("id"))).map(d -> (String) d.get("status")).findFirst()
                .orElseThrow();
    }
}
