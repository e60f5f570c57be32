package org.mintpost.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.Multipart;
import jakarta.mail.Part;

import org.awaitility.Awaitility;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;

/**
 * The dashboard's Messages page in headless Chromium against the packaged suite, with mail really sent through the
 * edge and received by the SMTP server: the list newest first, filtered by project, tag and status, paged by cursor
 * (27 messages: 25 + 2), a bad date range refused next to its field; the usage panel's counts; one message's timeline
 * with its open and clicks and their class (a person's, a link scanner's), its HTML in a sandboxed preview that
 * loads nothing (no second open is recorded by viewing it), its text and its source; at phone width nothing scrolls
 * sideways; a scheduled message canceled from its page (its status and timeline say so; SchedulingEndToEndTest
 * proves a canceled message is never sent);
 * axe-core clean throughout. Screenshots ({@code messages-…}) go to {@code system-tests/target/screenshots/}.
 */
class MessagesBrowserTest extends BrowserTestBase {

    static final String PERSON = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36";
    static final String SCANNER = "Mozilla/5.0 (compatible; Barracuda Sentinel link scanner)";

    @Test
    void sentMailShowsInTheListFiltersPagesAndOneMessageShowsItsTimelineAndContent() throws Exception {
        String run = "Msgs-" + UUID.randomUUID().toString().substring(0, 8);
        String projectName = "Messages page " + run;
        var created = given().baseUri(suite.baseUrl()).header("Authorization", "Bearer " + suite.teamToken())
                .contentType(ContentType.JSON).body(Map.of("name", projectName)).post("/projects").then()
                .statusCode(201).extract().jsonPath();
        String token = created.getString("api_token");
        String html = "<p>Hello from " + run + ": <a href=\"https://example.com/one\">one</a> and "
                + "<a href=\"https://example.com/two\">two</a></p>";
        String tracked = send(token, run + " tracked", "reader@example.org", Map.of("html", html, "text",
                "Hello from " + run + " in plain text.", "tag", "receipt", "settings",
                Map.of("track_opens", true, "track_clicks", true)));
        for (int i = 0; i < 2; i++) {
            send(token, run + " welcome " + i, "new" + i + "@example.org",
                    Map.of("text", "Welcome!", "tag", "welcome"));
        }
        for (int i = 0; i < 24; i++) {
            send(token, run + " bulk " + i, "bulk" + i + "@example.org", Map.of("text", "Bulk.", "tag", "bulk"));
        }
        Document doc = Jsoup.parse(htmlOf(suite.awaitMail(run + " tracked")));
        String edge = suite.gateway().baseUrl();
        List<String> links = doc.select("a[href^=" + edge + "/t/c/]").eachAttr("href");
        String pixel = doc.select("img[src^=" + edge + "/t/o/]").attr("src");
        assertEquals(2, links.size(), doc.outerHtml());
        Thread.sleep(1_100); // past the window in which a click counts as a scanner's
        client(PERSON).get(pixel).then().statusCode(200);
        client(PERSON).get(links.get(1)).then().statusCode(302);
        client(SCANNER).get(links.get(0)).then().statusCode(302);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> events(tracked), l -> l.contains("opened") && l.stream()
                        .filter("clicked"::equals).count() == 2 && l.contains("delivered"));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> given().baseUri(suite.baseUrl())
                .header("Authorization", "Bearer " + suite.teamToken())
                .get("/messages?page[size]=100&filter[status]=delivered&filter[search]=" + run).then()
                .extract().jsonPath().getList("data").size() >= 26);
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        String projectId = created.getString("data.id");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> given().baseUri(suite.baseUrl())
                .header("Authorization", "Bearer " + suite.teamToken())
                .get("/stats?from=" + today + "&to=" + today + "&project_id=" + projectId).then().extract()
                .jsonPath().getInt("totals.sent") == 27);

        List<String> violations = new ArrayList<>();
        signedIn(DESKTOP_WIDTH, DESKTOP_HEIGHT);
        browser.byTestId("nav-messages").click();
        browser.heading("Messages");
        settle().until(d -> browser.raw().findElements(By.cssSelector("#" + browser.byTestId("filter-project")
                .getAttribute("id") + " option")).stream().anyMatch(o -> o.getText().equals(projectName)));
        browser.select("filter-project", projectName);
        apply();
        List<String> first = subjects(25);
        assertEquals(run + " bulk 23", first.get(0), "newest first");
        assertEquals(run + " welcome 1", first.get(24));
        settle().until(d -> "27".equals(browser.byTestId("usage-sent").getText()));
        browser.screenshot("messages-01-list");
        violations.addAll(browser.accessibilityViolations(axe, "messages: list"));
        browser.byTestId("messages-older").click();
        assertEquals(List.of(run + " welcome 0", run + " tracked"), subjects(2), "the second page");
        assertFalse(browser.byTestId("messages-older").isEnabled(), "the last page has no older one");
        browser.byTestId("messages-newer").click();
        assertEquals(first, subjects(25));

        type("filter-tag", "welcome");
        browser.select("filter-status", "delivered");
        apply();
        assertEquals(List.of(run + " welcome 1", run + " welcome 0"), subjects(2));
        type("filter-tag", "");
        browser.select("filter-status", "Any status");
        browser.js("arguments[0].value = '2026-12-10'; arguments[1].value = '2026-12-01';",
                browser.byTestId("filter-from-date"), browser.byTestId("filter-to-date"));
        apply();
        settle().until(d -> browser.fieldError("filter-to-date").contains("after"));
        browser.js("arguments[0].value = ''; arguments[1].value = '';", browser.byTestId("filter-from-date"),
                browser.byTestId("filter-to-date"));
        type("filter-search", run + " tracked");
        apply();
        assertEquals(List.of(run + " tracked"), subjects(1));

        browser.byTestId("message-link").click();
        browser.heading(run + " tracked");
        settle().until(d -> browser.raw().findElements(DashboardBrowser.testId("timeline-event")).size() >= 6);
        List<String> timeline = settle().until(d -> browser.raw().findElements(DashboardBrowser.testId(
                "timeline-event")).stream().map(e -> e.getAttribute("data-event") + ":"
                + (e.getAttribute("data-classification") == null ? "" : e.getAttribute("data-classification")))
                .toList());
        assertTrue(timeline.containsAll(List.of("queued:", "delivered:", "opened:human", "clicked:human",
                "clicked:machine")), timeline.toString());
        String timelineText = browser.byTestId("timeline").getText();
        assertTrue(timelineText.contains("Link: https://example.com/two"), timelineText);
        assertTrue(timelineText.contains("Recipient: reader@example.org"), timelineText);
        WebElement frame = browser.byTestId("message-preview");
        assertEquals("", frame.getAttribute("sandbox"), "the preview runs nothing and reaches nothing");
        assertTrue(frame.getAttribute("srcdoc").contains(edge + "/t/c/"), "the preview shows the HTML as delivered");
        browser.raw().switchTo().frame(frame);
        assertTrue(browser.raw().findElement(By.tagName("body")).getText().contains("Hello from " + run));
        browser.raw().switchTo().defaultContent();
        browser.byTestId("part-text").findElement(By.tagName("summary")).click();
        settle().until(d -> browser.byTestId("message-text").getText().contains("in plain text."));
        browser.byTestId("part-source").findElement(By.tagName("summary")).click();
        settle().until(d -> browser.byTestId("message-source").getText().contains("Subject: " + run + " tracked"));
        browser.screenshot("messages-02-message");
        violations.addAll(browser.accessibilityViolations(axe, "messages: one message"));
        Thread.sleep(2_000);
        assertEquals(1, events(tracked).stream().filter("opened"::equals).count(),
                "viewing the preview records no open");

        signedIn(PHONE_WIDTH, PHONE_HEIGHT);
        browser.open("#/messages");
        browser.heading("Messages");
        browser.byTestId("message-link");
        browser.byTestId("usage-sent");
        assertFalse(browser.scrollsHorizontally(), "the list fits the phone's width");
        browser.screenshot("messages-03-phone-list");
        violations.addAll(browser.accessibilityViolations(axe, "phone: list"));
        browser.open("#/messages/" + tracked);
        browser.heading(run + " tracked");
        settle().until(d -> !browser.raw().findElements(DashboardBrowser.testId("timeline-event")).isEmpty());
        browser.byTestId("message-preview");
        assertFalse(browser.scrollsHorizontally(), "the message fits the phone's width");
        browser.screenshot("messages-04-phone-message");
        violations.addAll(browser.accessibilityViolations(axe, "phone: one message"));
        assertEquals(List.of(), violations, "axe-core violations");
    }

    @Test
    void aScheduledMessageIsCanceledFromItsPage() throws Exception {
        String run = "Cancel-" + UUID.randomUUID().toString().substring(0, 8);
        String token = given().baseUri(suite.baseUrl()).header("Authorization", "Bearer " + suite.teamToken())
                .contentType(ContentType.JSON).body(Map.of("name", "Cancel page " + run)).post("/projects").then()
                .statusCode(201).extract().path("api_token");
        String later = java.time.Instant.now().plus(Duration.ofHours(1)).toString();
        String id = send(token, run + " scheduled", "later@example.org", Map.of("text", "Later.", "scheduled_at", later));
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> status(id), "scheduled"::equals);

        signedIn(DESKTOP_WIDTH, DESKTOP_HEIGHT);
        browser.open("#/messages/" + id);
        browser.heading(run + " scheduled");
        browser.byTestId("cancel-card");
        List<String> violations = new ArrayList<>(browser.accessibilityViolations(axe, "message: scheduled"));
        browser.byTestId("cancel-message").click();
        settle().until(d -> "canceled".equals(browser.byTestId("message-status").getAttribute("data-status")));
        assertTrue(browser.raw().findElements(DashboardBrowser.testId("cancel-card")).isEmpty(),
                "a canceled message offers no cancel");
        browser.screenshot("messages-05-canceled");
        violations.addAll(browser.accessibilityViolations(axe, "message: canceled"));
        assertEquals(List.of(), violations, "axe-core violations");
        assertEquals("canceled", status(id));
        assertTrue(events(id).contains("canceled"), "the timeline has the canceled event: " + events(id));
    }

    private static String status(String messageId) {
        return given().baseUri(suite.baseUrl()).header("Authorization", "Bearer " + suite.teamToken())
                .get("/messages/" + messageId).then().extract().jsonPath().getString("status");
    }

    private void apply() {
        browser.byTestId("apply-filters").click();
    }

    private void type(String testId, String text) {
        WebElement input = browser.byTestId(testId);
        input.clear();
        if (!text.isEmpty()) {
            input.sendKeys(text);
        }
    }

    /** The subjects of the list once it shows {@code count} rows, top to bottom. */
    private List<String> subjects(int count) {
        return settle().until(d -> {
            List<String> rows = browser.raw().findElements(DashboardBrowser.testId("message-link")).stream()
                    .map(WebElement::getText).toList();
            return rows.size() == count && browser.raw().findElements(By.cssSelector("[data-testid='messages'] "
                    + ".loading")).isEmpty() ? rows : null;
        });
    }

    private FluentWait<WebDriver> settle() {
        return new WebDriverWait(browser.raw(), Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class);
    }

    private static String send(String token, String subject, String to, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(extra);
        body.put("from", "Shop <shop@example.com>");
        body.put("to", List.of(to));
        body.put("subject", subject);
        return given().baseUri(suite.baseUrl()).header("x-lettermint-token", token).contentType(ContentType.JSON)
                .body(body).post("/send").then().statusCode(202).extract().path("message_id");
    }

    private static List<String> events(String messageId) {
        List<String> kinds = given().baseUri(suite.baseUrl()).header("Authorization", "Bearer " + suite.teamToken())
                .get("/messages/" + messageId + "/events?page[size]=100").then().extract().jsonPath()
                .getList("data.event");
        return kinds == null ? List.of() : kinds;
    }

    private static io.restassured.specification.RequestSpecification client(String userAgent) {
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
}
