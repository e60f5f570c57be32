package org.mintpost.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;

/**
 * Bounces and suppressions end to end, as a user goes, through the official SDK: the SMTP server answers
 * {@code 550 5.1.1} at {@code RCPT} for one recipient of a message (the other is delivered); that recipient is
 * {@code hard_bounced} and on the suppression list within seconds, a {@code hard_bounce} entry of the project with
 * its source message; the next message to it is {@code suppressed} and never reaches the SMTP server while its
 * other recipient is delivered. The SDK adds entries (skipping equal ones), lists them with filters and cursor pages,
 * refuses bad input, and removes one, after which its address is mailed again.
 */
class SuppressionsEndToEndTest {

    static Suite suite;

    @BeforeAll
    static void start() throws Exception {
        suite = Suite.shared();
        OfficialSdkTest.installSdk();
    }

    @Test
    void aHardBounceSuppressesTheRecipientAndTheNextMessageSkipsIt() throws Exception {
        String tag = Long.toString(System.nanoTime());
        String gone = RejectingGreenMail.REJECTED_PREFIX + tag + "@example.org";
        String fine = "fine-" + tag + "@example.org";
        JsonPath project = sdk(Map.of("PHASE", "project", "TAG", tag));
        String projectId = project.getString("id");

        String first = sdk(Map.of("PHASE", "send", "TAG", tag, "PROJECT_TOKEN", project.getString("token"),
                "TO", gone + "," + fine, "SUBJECT", "First " + tag)).getString("message_id");
        suite.awaitMail("First " + tag);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> outcomes(first)
                .equals(Map.of(gone, "hard_bounced", fine, "delivered")));
        assertEquals(1, suite.smtpSink.rcptCount(gone));

        Map<String, Object> entry = Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> suppressions("filter[value]=" + gone), list -> list.size() == 1).get(0);
        assertEquals("email", entry.get("type"));
        assertEquals(gone, entry.get("value"));
        assertEquals("hard_bounce", entry.get("reason"));
        assertEquals("project", entry.get("scope"));
        assertEquals(projectId, entry.get("project_id"));
        @SuppressWarnings("unchecked")
        Map<String, Object> source = (Map<String, Object>) entry.get("source_message");
        assertEquals(first, source.get("id"));
        assertEquals("First " + tag, source.get("subject"));

        String second = sdk(Map.of("PHASE", "send", "TAG", tag, "PROJECT_TOKEN", project.getString("token"),
                "TO", gone + "," + fine, "SUBJECT", "Second " + tag)).getString("message_id");
        suite.awaitMail("Second " + tag);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> outcomes(second)
                .equals(Map.of(gone, "suppressed", fine, "delivered")));
        assertEquals(1, suite.smtpSink.rcptCount(gone), "the suppressed recipient never reached the SMTP server");
        assertEquals(2, suite.smtpSink.rcptCount(fine));
    }

    @Test
    void theSdkAddsListsAndRemovesAndARemovedAddressIsMailedAgain() throws Exception {
        String tag = Long.toString(System.nanoTime());
        String manual = "manual-" + tag + "@example.org";
        JsonPath project = sdk(Map.of("PHASE", "project", "TAG", tag));
        JsonPath managed = sdk(Map.of("PHASE", "manage", "TAG", tag));
        assertEquals(List.of(manual, "@blocked-" + tag + ".example"), managed.getList("created.data.created"));
        assertEquals("No emails were added.", managed.getString("again.message"));
        assertEquals(List.of(manual), managed.getList("again.data.skipped"));
        assertEquals(List.of("blocked-" + tag + ".example"), managed.getList("listed.data.value"));
        assertEquals(List.of("domain"), managed.getList("listed.data.type"));
        assertEquals(List.of(manual), managed.getList("next.data.value"));
        assertEquals(422, managed.getInt("tooMany.status"));
        assertTrue(managed.getBoolean("tooMany.validation"), "the SDK raised its ValidationError");
        assertEquals(422, managed.getInt("badScope.status"));
        assertEquals(404, managed.getInt("unknown.status"));

        String token = project.getString("token");
        String blocked = "anyone@blocked-" + tag + ".example";
        String held = sdk(Map.of("PHASE", "send", "TAG", tag, "PROJECT_TOKEN", token, "TO", manual + "," + blocked,
                "SUBJECT", "Held " + tag)).getString("message_id");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> outcomes(held)
                .equals(Map.of(manual, "suppressed", blocked, "suppressed")));
        assertEquals("suppressed", message(held).getString("status"));
        assertEquals(0, suite.smtpSink.rcptCount(manual));

        String id = managed.getString("next.data[0].id");
        JsonPath removed = sdk(Map.of("PHASE", "remove", "TAG", tag, "ID", id));
        assertEquals("removed", removed.getString("removed.status"));
        assertTrue(removed.getBoolean("removed.success"));
        assertEquals(List.of("blocked-" + tag + ".example"), removed.getList("listed.data.value"));
        // the removal is in force at the worker within moments: mail to the address goes out again
        String outcome = null;
        for (int i = 0; i < 10 && !"delivered".equals(outcome); i++) {
            String again = sdk(Map.of("PHASE", "send", "TAG", tag, "PROJECT_TOKEN", token, "TO", manual,
                    "SUBJECT", "Again " + tag + " " + i)).getString("message_id");
            outcome = Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> outcomes(again).get(manual), o -> "delivered".equals(o) || "suppressed".equals(o));
        }
        assertEquals("delivered", outcome);
        assertTrue(suite.smtpSink.rcptCount(manual) >= 1);
    }

    private static Map<String, String> outcomes(String messageId) {
        Map<String, String> out = new TreeMap<>();
        List<Map<String, Object>> events = given().baseUri(suite.baseUrl())
                .header("Authorization", "Bearer " + suite.teamToken()).get("/messages/" + messageId + "/events")
                .then().extract().jsonPath().getList("data");
        if (events != null) {
            // the SDK's MessageEventData: the kind in event, the recipient in metadata
            for (Map<String, Object> e : events) {
                Object metadata = e.get("metadata");
                Object recipient = metadata instanceof Map<?, ?> m ? m.get("recipient") : null;
                if (recipient != null && !"soft_bounced".equals(e.get("event"))) {
                    out.put((String) recipient, (String) e.get("event"));
                }
            }
        }
        return out;
    }

    private static JsonPath message(String messageId) {
        return given().baseUri(suite.baseUrl()).header("Authorization", "Bearer " + suite.teamToken())
                .get("/messages/" + messageId).then().statusCode(200).extract().jsonPath();
    }

    private static List<Map<String, Object>> suppressions(String query) {
        return given().baseUri(suite.baseUrl()).header("Authorization", "Bearer " + suite.teamToken())
                .get("/suppressions?" + query).then().statusCode(200).extract().jsonPath().getList("data");
    }

    private static JsonPath sdk(Map<String, String> phase) throws Exception {
        Map<String, String> env = new HashMap<>(phase);
        env.put("BASE_URL", suite.baseUrl());
        env.put("TEAM_TOKEN", suite.teamToken());
        String out = OfficialSdkTest.run(List.of("node", "suppressions-sdk.mjs"), env, 120);
        return JsonPath.from(out.lines().reduce((a, b) -> b).orElseThrow());
    }
}
