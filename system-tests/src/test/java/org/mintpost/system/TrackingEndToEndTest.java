package org.mintpost.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import org.awaitility.Awaitility;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mintpost.testing.DkimVerifier;

import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;

import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * Opens, clicks and one-click unsubscribe end to end, through the official SDK: HTML with three links sent with
 * tracking on reaches the SMTP server with the pixel, three rewritten links and a DKIM signature an independent
 * verifier passes; fetching the pixel and a link records {@code opened} and {@code clicked} (with the URL) on the
 * message, in stats and in a webhook; a tampered link is 404; a scanner's click is {@code machine}. A broadcast
 * message carries both List-Unsubscribe headers; the one-click POST suppresses the recipient on that route, the next
 * broadcast to them is {@code suppressed} while transactional mail still goes out.
 */
class TrackingEndToEndTest {

    static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36";
    static final Duration WAIT = Duration.ofSeconds(45);
    static Suite suite;

    @BeforeAll
    static void start() throws Exception {
        suite = Suite.shared();
        OfficialSdkTest.installSdk();
    }

    @Test
    void opensClicksAndOneClickUnsubscribeThroughTheSdk() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String domain = "track-" + tag + ".example";
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Project project = project(domain, "outgoing", receiver);
            String projectId = project.id();
            String token = project.token();
            String reader = "reader-" + tag + "@example.org";
            String subject = "Tracked " + tag;
            String html = "<p>Hello <a href=\"https://example.com/one\">one</a>, <a href=\"https://example.com/two?a=1"
                    + "&amp;b=2\">two</a> and <a href=\"http://example.com/three\">three</a>. "
                    + "<a href=\"mailto:help@" + domain + "\">Write us</a></p>";
            String messageId = send(token, "Shop <news@" + domain + ">", reader, subject, html, null, true);

            MimeMessage mail = suite.awaitMail(subject);
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            mail.writeTo(raw);
            List<DkimVerifier.Result> dkim = DkimVerifier.verify(raw.toByteArray(), suite.dns.address());
            assertEquals("pass", dkim.get(0).result(), dkim.toString());
            assertEquals(domain, dkim.get(0).domain());
            Document doc = Jsoup.parse(htmlOf(mail));
            String edge = suite.gateway().baseUrl();
            List<String> links = doc.select("a[href^=" + edge + "/t/c/]").eachAttr("href");
            assertEquals(3, links.size(), doc.outerHtml());
            assertEquals("mailto:help@" + domain, doc.select("a[href^=mailto:]").attr("href"));
            String pixel = doc.select("img[src^=" + edge + "/t/o/]").attr("src");
            assertTrue(!pixel.isEmpty(), doc.outerHtml());
            assertEquals(null, mail.getHeader("List-Unsubscribe"), "no List-Unsubscribe on a transactional route");

            Thread.sleep(1_100); // past the window in which a click counts as a scanner's
            client(BROWSER).get(pixel).then().statusCode(200).contentType("image/gif");
            client(BROWSER).get(links.get(1)).then().statusCode(302).header("Location",
                    "https://example.com/two?a=1&b=2");
            client("Mozilla/5.0 (compatible; Barracuda Sentinel link scanner)").get(links.get(0)).then()
                    .statusCode(302).header("Location", "https://example.com/one");
            String tampered = links.get(2).substring(0, links.get(2).length() - 4) + "AAAA";
            client(BROWSER).get(tampered).then().statusCode(404);
            client(BROWSER).get(edge + "/t/c/invented.id").then().statusCode(404);

            List<Map<String, Object>> events = Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(300))
                    .until(() -> events(messageId), list -> kinds(list).contains("opened")
                            && list.stream().filter(e -> "clicked".equals(e.get("event"))).count() == 2);
            Map<String, Object> human = find(events, "clicked", "human");
            assertEquals("https://example.com/two?a=1&b=2", meta(human).get("url"));
            assertEquals(reader, meta(human).get("recipient"));
            assertEquals("https://example.com/one", meta(find(events, "clicked", "machine")).get("url"));
            assertNotNull(find(events, "opened", "human"));

            String today = LocalDate.now(ZoneOffset.UTC).toString();
            JsonPath stats = Awaitility.await().atMost(WAIT).until(() -> given().baseUri(suite.baseUrl())
                    .header("Authorization", "Bearer " + suite.teamToken())
                    .get("/stats?from=" + today + "&to=" + today + "&project_id=" + projectId).then()
                    .statusCode(200).extract().jsonPath(), s -> s.getInt("totals.clicked") == 2);
            assertEquals(1, stats.getInt("totals.opened"));
            assertEquals(1, stats.getInt("totals.effective_opened"));
            assertEquals(1, stats.getInt("totals.machine_clicked"));

            List<String> hooks = Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(
                    () -> receiver.requests().stream().map(r -> JsonPath.from(r.text()))
                            .filter(j -> messageId.equals(j.getString("data.message_id")))
                            .map(j -> j.getString("event") + " " + j.getString("data.details.url")).toList(),
                    l -> l.contains("message.opened null") && l.contains("message.clicked https://example.com/two?a=1&b=2"));
            assertTrue(hooks.size() >= 2, hooks.toString());

            // broadcast: List-Unsubscribe, one-click, suppressed on that route only
            String news = "News " + tag;
            send(token, "Shop <news@" + domain + ">", reader, news, "<p>Our news</p>", "broadcast", false);
            MimeMessage broadcast = suite.awaitMail(news);
            String header = broadcast.getHeader("List-Unsubscribe", null);
            assertTrue(header != null && header.startsWith("<" + edge + "/u/"), String.valueOf(header));
            assertEquals("List-Unsubscribe=One-Click", broadcast.getHeader("List-Unsubscribe-Post", null));
            String unsubscribe = header.substring(1, header.indexOf('>'));
            client(BROWSER).get(unsubscribe).then().statusCode(200);
            for (int i = 0; i < 2; i++) {
                client(BROWSER).contentType("application/x-www-form-urlencoded").body("List-Unsubscribe=One-Click")
                        .post(unsubscribe).then().statusCode(200);
            }
            Map<String, Object> entry = Awaitility.await().atMost(WAIT).until(() -> given().baseUri(suite.baseUrl())
                    .header("Authorization", "Bearer " + suite.teamToken()).get("/suppressions?filter[value]=" + reader)
                    .then().statusCode(200).extract().jsonPath().<Map<String, Object>>getList("data"),
                    l -> l.size() == 1).get(0);
            assertEquals("unsubscribe", entry.get("reason"));
            assertEquals("route", entry.get("scope"));

            String again = null;
            String outcome = null;
            for (int i = 0; i < 10 && !"suppressed".equals(outcome); i++) {
                String id = send(token, "Shop <news@" + domain + ">", reader, news + " again " + i, "<p>More</p>",
                        "broadcast", false);
                outcome = Awaitility.await().atMost(WAIT).until(() -> outcome(id, reader),
                        o -> "delivered".equals(o) || "suppressed".equals(o));
                again = id;
            }
            assertEquals("suppressed", outcome, again);
            String receipt = send(token, "Shop <news@" + domain + ">", reader, "Receipt " + tag, "<p>Thanks</p>", null,
                    false);
            assertEquals("delivered", Awaitility.await().atMost(WAIT).until(() -> outcome(receipt, reader),
                    o -> "delivered".equals(o) || "suppressed".equals(o)));
        }
    }

    /**
     * Two recipients of one tracked broadcast message each get their own pixel, links and List-Unsubscribe: each
     * one's open and click is recorded on the message naming that recipient (on the timeline and in a webhook), and
     * one's one-click unsubscribe suppresses that recipient only.
     */
    @Test
    void eachRecipientsOpensClicksAndUnsubscribeAreTheirOwn() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String domain = "each-" + tag + ".example";
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Project project = project(domain, "broadcast", receiver);
            String ann = "ann-" + tag + "@ann-" + tag + ".example.org";
            String bob = "bob-" + tag + "@bob-" + tag + ".example.org";
            String subject = "Both " + tag;
            String html = "<p><a href=\"https://example.com/first\">first</a> <a href=\"https://example.com/second\">"
                    + "second</a></p>";
            String messageId = send(project.token(), "Shop <news@" + domain + ">", ann + "," + bob, subject, html,
                    "broadcast", true);
            Map<String, MimeMessage> mails = new HashMap<>();
            for (String r : List.of(ann, bob)) {
                mails.put(r, Awaitility.await().atMost(WAIT).until(() -> mailTo(r, subject), m -> m != null));
            }
            String edge = suite.gateway().baseUrl();
            Thread.sleep(1_100); // past the window in which a click counts as a scanner's
            Map<String, String> clicked = Map.of(ann, "https://example.com/first", bob, "https://example.com/second");
            Map<String, String> unsubscribeUrls = new HashMap<>();
            for (String r : List.of(ann, bob)) {
                MimeMessage mail = mails.get(r);
                ByteArrayOutputStream raw = new ByteArrayOutputStream();
                mail.writeTo(raw);
                assertEquals("pass", DkimVerifier.verify(raw.toByteArray(), suite.dns.address()).get(0).result());
                Document doc = Jsoup.parse(htmlOf(mail));
                List<String> links = doc.select("a[href^=" + edge + "/t/c/]").eachAttr("href");
                assertEquals(2, links.size(), doc.outerHtml());
                client(BROWSER).get(doc.select("img[src^=" + edge + "/t/o/]").attr("src")).then().statusCode(200);
                String link = links.get(r.equals(ann) ? 0 : 1);
                client(BROWSER).get(link).then().statusCode(302).header("Location", clicked.get(r));
                String header = mail.getHeader("List-Unsubscribe", null);
                assertTrue(header != null && header.startsWith("<" + edge + "/u/"), String.valueOf(header));
                unsubscribeUrls.put(r, header.substring(1, header.indexOf('>')));
            }
            assertTrue(!unsubscribeUrls.get(ann).equals(unsubscribeUrls.get(bob)), "each has their own link");

            List<Map<String, Object>> events = Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(300))
                    .until(() -> events(messageId), list -> byRecipient(list, "opened").size() == 2
                            && byRecipient(list, "clicked").size() == 2);
            assertEquals(Map.of(ann, "", bob, ""), byRecipient(events, "opened"));
            assertEquals(clicked, byRecipient(events, "clicked"));

            client(BROWSER).contentType("application/x-www-form-urlencoded").body("List-Unsubscribe=One-Click")
                    .post(unsubscribeUrls.get(bob)).then().statusCode(200);
            List<String> hooks = Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(
                    () -> receiver.requests().stream().map(h -> JsonPath.from(h.text()))
                            .filter(j -> messageId.equals(j.getString("data.message_id")))
                            .map(j -> j.getString("event") + " " + j.getString("data.recipient")).toList(),
                    l -> l.contains("message.unsubscribed " + bob) && l.contains("message.clicked " + ann)
                            && l.contains("message.clicked " + bob));
            assertTrue(!hooks.contains("message.unsubscribed " + ann), hooks.toString());
            Awaitility.await().atMost(WAIT).until(() -> suppressions(bob).size() == 1);
            assertEquals("unsubscribe", suppressions(bob).get(0).get("reason"));
            assertEquals(List.of(), suppressions(ann), "the other recipient is not suppressed");

            String next = null;
            Map<String, String> outcomes = Map.of();
            for (int i = 0; i < 10 && !"suppressed".equals(outcomes.get(bob)); i++) {
                String id = send(project.token(), "Shop <news@" + domain + ">", ann + "," + bob, "Next " + tag + " "
                        + i, "<p>More</p>", "broadcast", false);
                outcomes = Awaitility.await().atMost(WAIT).until(() -> Map.of(ann, String.valueOf(outcome(id, ann)),
                        bob, String.valueOf(outcome(id, bob))), o -> !o.containsValue("null"));
                next = id;
            }
            assertEquals(Map.of(ann, "delivered", bob, "suppressed"), outcomes, next);
        }
    }

    /** A project with a verified sending domain and a webhook for opens, clicks and unsubscribes on one route. */
    record Project(String id, String token) {
    }

    private static Project project(String domain, String routeSlug, WebhookReceiver receiver) throws Exception {
        JsonPath setup = sdk(Map.of("PHASE", "setup", "DOMAIN", domain));
        String projectId = setup.getString("project.id");
        String route = setup.getString("routes.find { it.slug == '" + routeSlug + "' }.id");
        List<Map<String, Object>> records = setup.getList("domain.dns_records");
        for (Map<String, Object> r : records.subList(0, 3)) {
            String fqdn = (String) r.get("fqdn");
            if ("CNAME".equals(r.get("type"))) {
                suite.dns.zone().cname(fqdn, (String) r.get("content"));
            } else {
                suite.dns.zone().txt(fqdn, (String) r.get("content"));
            }
        }
        sdk(Map.of("PHASE", "verify", "DOMAIN_ID", setup.getString("domain.id"), "PROJECT_ID", projectId,
                "ROUTE_ID", route, "URL", receiver.url()));
        return new Project(projectId, setup.getString("project.token"));
    }

    /** The mail with this subject in {@code recipient}'s own mailbox, or null. */
    private static MimeMessage mailTo(String recipient, String subject) throws Exception {
        GreenMailUser user = suite.smtpSink.getUserManager().getUserByEmail(recipient);
        if (user == null) {
            return null;
        }
        return suite.smtpSink.getManagers().getImapHostManager().getInbox(user).getMessages().stream()
                .map(StoredMessage::getMimeMessage).filter(m -> subject.equals(Suite.subjectOf(m))).findFirst()
                .orElse(null);
    }

    /** Each recipient's event of this kind: its URL, or "" without one. */
    private static Map<String, String> byRecipient(List<Map<String, Object>> events, String kind) {
        Map<String, String> out = new HashMap<>();
        for (Map<String, Object> e : events) {
            if (kind.equals(e.get("event"))) {
                Object url = meta(e).get("url");
                out.put(String.valueOf(meta(e).get("recipient")), url == null ? "" : url.toString());
            }
        }
        return out;
    }

    private static List<Map<String, Object>> suppressions(String value) {
        return given().baseUri(suite.baseUrl()).header("Authorization", "Bearer " + suite.teamToken())
                .get("/suppressions?filter[value]=" + value).then().statusCode(200).extract().jsonPath()
                .getList("data");
    }

    private static String outcome(String messageId, String recipient) {
        String last = null;
        for (Map<String, Object> e : events(messageId)) {
            if (recipient.equals(meta(e).get("recipient"))
                    && List.of("delivered", "suppressed").contains(String.valueOf(e.get("event")))) {
                last = (String) e.get("event");
            }
        }
        return last;
    }

    private static Map<String, Object> find(List<Map<String, Object>> events, String kind, String classification) {
        return events.stream().filter(e -> kind.equals(e.get("event"))
                && classification.equals(meta(e).get("classification"))).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> meta(Map<String, Object> event) {
        return (Map<String, Object>) event.get("metadata");
    }

    private static List<String> kinds(List<Map<String, Object>> events) {
        return events.stream().map(e -> String.valueOf(e.get("event"))).toList();
    }

    /** The message's events as the SDK reads them. */
    private static List<Map<String, Object>> events(String messageId) {
        try {
            List<Map<String, Object>> data = sdk(Map.of("PHASE", "events", "MESSAGE_ID", messageId)).getList("data");
            return data == null ? List.of() : data;
        } catch (Exception e) {
            return List.of();
        }
    }

    private static RequestSpecification client(String userAgent) {
        return given().config(RestAssuredConfig.config().redirect(RedirectConfig.redirectConfig()
                .followRedirects(false))).header("User-Agent", userAgent);
    }

    private static String htmlOf(Part part) throws Exception {
        if (part.isMimeType("multipart/*")) {
            Multipart m = (Multipart) part.getContent();
            for (int i = 0; i < m.getCount(); i++) {
                String found = htmlOf(m.getBodyPart(i));
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        return part.isMimeType("text/html") ? String.valueOf(part.getContent()) : null;
    }

    private static String send(String token, String from, String to, String subject, String html, String route,
            boolean track) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("PHASE", "send", "PROJECT_TOKEN", token, "FROM", from, "TO",
                to, "SUBJECT", subject, "HTML", html, "TRACK", String.valueOf(track)));
        if (route != null) {
            env.put("ROUTE", route);
        }
        return sdk(env).getString("message_id");
    }

    private static JsonPath sdk(Map<String, String> phase) throws Exception {
        Map<String, String> env = new HashMap<>(phase);
        env.put("BASE_URL", suite.baseUrl());
        env.put("TEAM_TOKEN", suite.teamToken());
        String out = OfficialSdkTest.run(List.of("node", "tracking-sdk.mjs"), env, 120);
        return JsonPath.from(out.lines().reduce((a, b) -> b).orElseThrow());
    }
}
