package org.mintpost.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mintpost.testing.BounceMessages;

import jakarta.mail.internet.MimeMessage;

import io.restassured.path.json.JsonPath;

/**
 * Bounces and suppressions end to end, as a user goes, through the official SDK: the SMTP server answers
 * {@code 550 5.1.1} at {@code RCPT} for one recipient of a message (the other is delivered); that recipient is
 * {@code hard_bounced} and on the suppression list within seconds, a {@code hard_bounce} entry of the project with
 * its source message; the next message to it is {@code suppressed} and never reaches the SMTP server while its
 * other recipient is delivered. The SDK adds entries (skipping equal ones), lists them with filters and cursor pages,
 * refuses bad input, and removes one, after which its address is mailed again. A delivery status notification
 * and an abuse report sent later to the message's return path (the relay's plain port, the bounce domain's MX)
 * make a {@code hard_bounced} and a {@code spam_complaint} with their entries, and the next message skips both.
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
        // suppressed within 1 s of the bounce: the entry's creation against the hard_bounced event's time
        Duration lag = Duration.between(Instant.parse(eventAt(first, gone, "hard_bounced")),
                Instant.parse((String) entry.get("created_at")));
        assertTrue(lag.compareTo(Duration.ofSeconds(1)) <= 0, "suppressed " + lag + " after the bounce");
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

    @Test
    void aDsnAndAnAbuseReportToTheReturnPathBounceAndComplain() throws Exception {
        String tag = Long.toString(System.nanoTime());
        String late = "late-" + tag + "@example.org";
        String reader = "reader-" + tag + "@example.org";
        String fine = "fine-" + tag + "@example.org";
        JsonPath project = sdk(Map.of("PHASE", "project", "TAG", tag));
        String token = project.getString("token");
        String first = sdk(Map.of("PHASE", "send", "TAG", tag, "PROJECT_TOKEN", token,
                "TO", late + "," + reader + "," + fine, "SUBJECT", "Async " + tag)).getString("message_id");
        MimeMessage delivered = suite.awaitMail("Async " + tag);
        // MAIL FROM was the message's own return path at the bounce domain
        String returnPath = delivered.getHeader("Return-Path")[0].replaceAll("[<>\\s]", "");
        assertTrue(returnPath.startsWith("b-") && returnPath.endsWith("@bounces.localhost"), returnPath);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> outcomes(first)
                .equals(Map.of(late, "delivered", reader, "delivered", fine, "delivered")));

        // hours later the receiving side gives up on one recipient, and another one reports the mail as spam
        assertEquals(250, report("", returnPath, BounceMessages.dsn(returnPath, delivered.getMessageID(),
                List.of(BounceMessages.Rcpt.failed(late)))));
        assertEquals(250, report("abuse@isp.example", returnPath, BounceMessages.arf(returnPath, reader, true)));
        assertEquals(250, report("someone@example.org", returnPath, BounceMessages.autoReply(returnPath)));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> outcomes(first)
                .equals(Map.of(late, "hard_bounced", reader, "spam_complaint", fine, "delivered")));
        Map<String, Object> bounced = Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> suppressions("filter[value]=" + late), list -> list.size() == 1).get(0);
        assertEquals("hard_bounce", bounced.get("reason"));
        assertEquals(project.getString("id"), bounced.get("project_id"));
        assertEquals(first, ((Map<?, ?>) bounced.get("source_message")).get("id"));
        Map<String, Object> complained = Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> suppressions("filter[value]=" + reader), list -> list.size() == 1).get(0);
        assertEquals("spam_complaint", complained.get("reason"));

        String next = sdk(Map.of("PHASE", "send", "TAG", tag, "PROJECT_TOKEN", token,
                "TO", late + "," + reader + "," + fine, "SUBJECT", "Next " + tag)).getString("message_id");
        suite.awaitMail("Next " + tag);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> outcomes(next)
                .equals(Map.of(late, "suppressed", reader, "suppressed", fine, "delivered")));
        assertEquals(1, suite.smtpSink.rcptCount(late));
        assertEquals(1, suite.smtpSink.rcptCount(reader));
    }

    /**
     * One transaction at the relay's plain port, the bounce domain's MX (no AUTH, no TLS), as a receiving MTA sends a
     * report; the final reply code.
     */
    private static int report(String from, String to, String message) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", suite.smtpStartTlsPort())) {
            socket.setSoTimeout(20_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            int code = reply(in);
            for (String line : List.of("EHLO mx.receiver.example", "MAIL FROM:<" + from + ">", "RCPT TO:<" + to + ">",
                    "DATA")) {
                out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                code = reply(in);
            }
            assertEquals(354, code);
            out.write((message.replace("\r\n.", "\r\n..") + "\r\n.\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            code = reply(in);
            out.write("QUIT\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return code;
        }
    }

    private static int reply(BufferedReader in) throws Exception {
        String line;
        do {
            line = in.readLine();
        } while (line != null && line.length() > 3 && line.charAt(3) == '-');
        return line == null ? -1 : Integer.parseInt(line.substring(0, 3));
    }

    /** The time of a message's event of this kind for this recipient. */
    private static String eventAt(String messageId, String recipient, String kind) {
        List<Map<String, Object>> events = given().baseUri(suite.baseUrl())
                .header("Authorization", "Bearer " + suite.teamToken()).get("/messages/" + messageId + "/events")
                .then().extract().jsonPath().getList("data");
        return events.stream().filter(e -> kind.equals(e.get("event"))
                && e.get("metadata") instanceof Map<?, ?> m && recipient.equals(m.get("recipient")))
                .map(e -> (String) e.get("timestamp")).findFirst().orElseThrow();
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
