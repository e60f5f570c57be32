package org.mintpost.audit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mintpost.audit.AuditTestSupport.event;
import static org.mintpost.audit.AuditTestSupport.id;
import static org.mintpost.audit.AuditTestSupport.jwt;
import static org.mintpost.audit.AuditTestSupport.now;
import static org.mintpost.audit.AuditTestSupport.send;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.token.Permissions;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.KafkaResource;
import org.mintpost.testing.PostgresResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** {@code GET /v1/messages}: the team's messages newest first, filters, keyset pages, and who sees what. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database",
        value = AuditTestSupport.DATABASE))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(JwtKeysResource.class)
class MessageListApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private String team;
    private String projectA;
    private String projectB;
    private String routeA;
    private String routeB;
    private Instant t0;
    /** Message ids, oldest first. */
    private final List<String> ids = new ArrayList<>();

    /**
     * Six messages of one team: m0..m5 received one minute apart; m0-m3 in project A (route A), m4-m5 in project B
     * (route B); tags welcome/receipt; m2 hard-bounces, the rest are delivered; m5 is still only queued.
     */
    @BeforeEach
    void sendSix() {
        team = id();
        projectA = id();
        projectB = id();
        routeA = id();
        routeB = id();
        t0 = now().minusSeconds(3600);
        ids.clear();
        List<DeliveryEvent> events = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String m = id();
            ids.add(m);
            String project = i < 4 ? projectA : projectB;
            String route = i < 4 ? routeA : routeB;
            String tag = i % 2 == 0 ? "welcome" : "receipt";
            String rcpt = "user" + i + "@example.test";
            Instant received = t0.plusSeconds(60L * i);
            String from = i == 3 ? "Billing <billing@shop.test>" : "Hello <hello@shop.test>";
            String subject = "Subject " + i + (i == 1 ? " invoice" : "");
            events.add(event(m, team, project, route, DeliveryEvent.QUEUED, null, received.plusSeconds(1), received,
                    from, rcpt, subject, tag));
            if (i == 5) {
                continue;
            }
            String outcome = i == 2 ? DeliveryEvent.HARD_BOUNCED : DeliveryEvent.DELIVERED;
            if (i != 2) {
                events.add(event(m, team, project, route, DeliveryEvent.PROCESSED, null, received.plusSeconds(2),
                        received, from, rcpt, subject, tag));
            }
            events.add(event(m, team, project, route, outcome, rcpt, received.plusSeconds(3), received, from, rcpt,
                    subject, tag));
        }
        send(Topics.DELIVERY_EVENTS, events);
        await().atMost(WAIT).untilAsserted(() -> {
            assertEquals(6, list(Map.of()).getList("data").size());
            assertEquals("delivered", status(ids.get(4)));
        });
    }

    private String status(String messageId) {
        return given().header("Authorization", "Bearer " + jwt(team, Permissions.MESSAGES_READ))
                .get("/v1/messages/" + messageId).then().extract().jsonPath().getString("status");
    }

    private JsonPath list(Map<String, String> query) {
        return list(jwt(team, Permissions.MESSAGES_READ), query);
    }

    private static JsonPath list(String jwt, Map<String, String> query) {
        return given().header("Authorization", "Bearer " + jwt).queryParams(query)
                .when().get("/v1/messages").then().statusCode(200).extract().jsonPath();
    }

    private List<String> reversed(int... indexes) {
        List<String> out = new ArrayList<>();
        for (int i = indexes.length - 1; i >= 0; i--) {
            out.add(ids.get(indexes[i]));
        }
        return out;
    }

    @Test
    void newestFirstWithTheSdkShape() {
        JsonPath page = list(Map.of());
        assertEquals(reversed(0, 1, 2, 3, 4, 5), page.getList("data.id"));
        assertEquals(List.of("queued", "delivered", "delivered", "hard_bounced", "delivered", "delivered"),
                page.getList("data.status"));
        Map<String, Object> newest = page.getMap("data[0]");
        for (String key : List.of("id", "type", "status", "scheduled_at", "from_email", "from_name", "subject", "to",
                "cc", "bcc", "reply_to", "tag", "tags", "status_changed_at", "created_at")) {
            assertTrue(newest.containsKey(key), key);
        }
        assertEquals("outbound", page.getString("data[0].type"));
        assertEquals("hello@shop.test", page.getString("data[0].from_email"));
        assertEquals("Hello", page.getString("data[0].from_name"));
        assertEquals(List.of(Map.of("email", "user5@example.test")), stripNulls(page.getList("data[0].to")));
        assertEquals(t0.plusSeconds(300).toString(), page.getString("data[0].created_at"));
        assertEquals(List.of(), page.getList("links"));
        assertEquals(30, page.getInt("meta.per_page"));
        assertNull(page.get("meta.next_cursor"));
        assertNull(page.get("meta.prev_cursor"));
        assertEquals("/v1/messages", page.getString("meta.path"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> stripNulls(List<Object> items) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : items) {
            Map<String, Object> copy = new java.util.HashMap<>((Map<String, Object>) o);
            copy.values().removeIf(v -> v == null);
            out.add(copy);
        }
        return out;
    }

    @Test
    void filters() {
        assertEquals(reversed(2), list(Map.of("filter[status]", "hard_bounced")).getList("data.id"));
        assertEquals(reversed(5), list(Map.of("filter[status]", "queued")).getList("data.id"));
        assertEquals(reversed(0, 2, 4), list(Map.of("filter[tag]", "welcome")).getList("data.id"));
        assertEquals(reversed(4, 5), list(Map.of("filter[project]", projectB)).getList("data.id"));
        assertEquals(reversed(0, 1, 2, 3), list(Map.of("filter[route_id]", routeA)).getList("data.id"));
        assertEquals(reversed(3), list(Map.of("filter[from_email]", "BILLING@")).getList("data.id"));
        assertEquals(reversed(1), list(Map.of("filter[subject]", "invoice")).getList("data.id"));
        assertEquals(reversed(4), list(Map.of("filter[search]", "user4@")).getList("data.id"));
        assertEquals(reversed(1, 2), list(Map.of("filter[from_date]", t0.plusSeconds(60).toString(),
                "filter[to_date]", t0.plusSeconds(180).toString())).getList("data.id"));
        assertEquals(reversed(0, 2), list(Map.of("filter[tag]", "welcome", "filter[route_id]", routeA))
                .getList("data.id"));
        assertEquals(List.of(), list(Map.of("filter[type]", "inbound")).getList("data.id"));
        assertEquals(List.of(), list(Map.of("filter[search]", "100%_")).getList("data.id"));
    }

    @Test
    void keysetPagesKeepEveryFilterAndNeverRepeat() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, String> q = new java.util.HashMap<>(Map.of("page[size]", "2", "filter[project]", projectA));
            if (cursor != null) {
                q.put("page[cursor]", cursor);
            }
            JsonPath page = list(q);
            seen.addAll(page.getList("data.id"));
            cursor = page.getString("meta.next_cursor");
            if (cursor != null) {
                assertTrue(page.getString("meta.next_cursor_url").contains("filter%5Bproject%5D=" + projectA));
            }
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(reversed(0, 1, 2, 3), seen);
        assertEquals(2, pages);
        // a page of more than the maximum is capped, not refused
        assertEquals(100, list(Map.of("page[size]", "5000")).getInt("meta.per_page"));
    }

    @Test
    void anotherTeamOrProjectSeesNothing() {
        assertEquals(List.of(), list(jwt(id(), Permissions.MESSAGES_READ), Map.of()).getList("data"));
        String scoped = AuditTestSupport.projectJwt(team, projectB, Permissions.MESSAGES_READ);
        assertEquals(reversed(4, 5), list(scoped, Map.of()).getList("data.id"));
        assertEquals(List.of(), list(scoped, Map.of("filter[project]", projectA)).getList("data"));
        given().header("Authorization", "Bearer " + scoped).get("/v1/messages/" + ids.get(0))
                .then().statusCode(404).body("message", equalTo("Message not found."));
        assertNotNull(status(ids.get(0)));
    }

    @Test
    void badFiltersAre422NamingTheField() {
        String auth = "Bearer " + jwt(team, Permissions.MESSAGES_READ);
        Map<String, String> bad = Map.of("filter[status]", "lost", "filter[from_date]", "yesterday",
                "page[size]", "0", "page[cursor]", "garbage", "filter[type]", "sideways");
        given().header("Authorization", auth).queryParams(bad).get("/v1/messages").then().statusCode(422)
                .body("error", equalTo("validation_error"))
                .body("errors", hasKey("filter.status")).body("errors", hasKey("filter.from_date"))
                .body("errors", hasKey("page.size")).body("errors", hasKey("page.cursor"))
                .body("errors", hasKey("filter.type"));
        given().header("Authorization", auth).queryParam("filter[from_date]", "2026-02-01")
                .queryParam("filter[to_date]", "2026-01-01").get("/v1/messages").then().statusCode(422)
                .body("errors", hasKey("filter.to_date"));
        given().header("Authorization", "Bearer " + jwt(team, Permissions.PROJECT_TOKENS_READ)).get("/v1/messages")
                .then().statusCode(403);
    }
}
