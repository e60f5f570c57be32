package org.mintpost.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.token.TokenFormat;
import org.mintpost.contracts.token.TokenKind;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import io.restassured.http.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * The dashboard's API Tokens page, walked in a real headless Chromium exactly as the product page
 * tells a person to: open the dashboard, sign in, Projects, select the project, API Tokens, Create
 * token, copy it; then send a mail with it from the playground and see it arrive at the SMTP server,
 * see last used and last IP in the list, read the logs (paging, outcome filter), regenerate and revoke.
 * Every step leaves a screenshot in {@code system-tests/target/screenshots/}.
 */
class DashboardBrowserTest extends BrowserTestBase {

    static String origin;
    static String apiBase;
    static String teamToken;

    @BeforeAll
    static void addresses() {
        origin = suite.gateway().baseUrl();
        apiBase = suite.baseUrl();
        teamToken = suite.teamToken();
    }


    /** The mail with this subject, as the SMTP server received it. */
    MimeMessage awaitMail(String subject) {
        return suite.awaitMail(subject);
    }

    @Test
    void aPersonCreatesAToken_sendsWithIt_readsItsLogs_regeneratesAndRevokesIt() throws Exception {
        String projectName = "Webshop " + UUID.randomUUID().toString().substring(0, 8);
        String projectId = createProject(projectName);
        browser = new DashboardBrowser(origin, screenshots, 1280, 900);
        List<String> violations = new ArrayList<>();

        // 1. Open the dashboard: the sign-in form; a project token is refused before any request
        browser.open("");
        browser.heading("Sign in to the dashboard");
        assertEquals("signin-token", browser.active().getAttribute("data-testid"), "the token field has focus");
        browser.signIn("lm_2wl5IkxdYbT9Msky0tq6j1rj4N2RVEFT");
        assertTrue(browser.fieldError("signin-token").contains("project API token"), browser.fieldError("signin-token"));
        browser.screenshot("01-sign-in");
        violations.addAll(browser.accessibilityViolations(axe, "sign-in (with a field error)"));
        browser.signIn(teamToken);

        // 2. Projects, then select the project
        browser.heading("Projects");
        assertEquals(teamToken, browser.js("return sessionStorage.getItem('mintpost.dashboard.credential');"),
                "the credential is kept in the tab's session storage");
        assertEquals(0L, browser.js("return localStorage.length;"), "nothing in local storage");
        assertFalse(browser.driver.getCurrentUrl().contains(teamToken), "never in the URL");
        assertEquals("rgb(246, 247, 249)", browser.js("return getComputedStyle(document.body).backgroundColor;"),
                "the stylesheet is served");
        assertEquals(List.of(), browser.js("return performance.getEntriesByType('resource').map(e => e.name)"
                + ".filter(n => !n.startsWith(location.origin + '/'));"), "every asset and call is same-origin");
        browser.wait.until(ExpectedConditions.presenceOfElementLocated(DashboardBrowser.testId("project-row")));
        browser.screenshot("02-projects");
        violations.addAll(browser.accessibilityViolations(axe, "projects"));
        browser.selectProject(projectName);
        browser.heading(projectName);

        // 3. Open API Tokens: the project's Default token is listed
        browser.byTestId("nav-tokens").click();
        browser.heading("API Tokens");
        WebElement defaultRow = browser.tokenRow("Default");
        assertEquals("Active", browser.cell(defaultRow, "token-status"));

        // 4. Create token: the name is checked like the API checks it, on the page and by the server
        WebElement create = browser.byTestId("create-token");
        create.click();
        browser.dialog("create-dialog");
        assertEquals("token-name", browser.active().getAttribute("data-testid"), "the dialog focuses its first field");
        browser.byTestId("create-token-submit").click();
        assertEquals("Enter a name for the token.", browser.fieldError("token-name"));
        browser.byTestId("token-name").sendKeys("Default");
        browser.byTestId("create-token-submit").click();
        browser.wait.until(d -> !browser.fieldError("token-name").isEmpty()
                && !browser.fieldError("token-name").equals("Enter a name for the token."));
        String duplicateError = browser.fieldError("token-name");
        assertEquals("true", browser.byTestId("token-name").getAttribute("aria-invalid"), duplicateError);
        browser.byTestId("token-name").clear();
        browser.byTestId("token-name").sendKeys("Production API");
        browser.screenshot("03-create-token");
        violations.addAll(browser.accessibilityViolations(axe, "create token dialog"));
        browser.byTestId("create-token-submit").click();

        // 5. Copy the token immediately: shown once, with the warning and LETTERMINT_PROJECT_TOKEN
        WebElement secretDialog = browser.dialog("secret-dialog");
        String token = browser.byTestId("new-token").getAttribute("value");
        assertTrue(TokenFormat.isValid(token, TokenKind.PROJECT), "the dialog shows a valid project token");
        assertTrue(secretDialog.getText().contains("shown only once"), secretDialog.getText());
        assertTrue(secretDialog.getText().contains("LETTERMINT_PROJECT_TOKEN"), secretDialog.getText());
        assertEquals("copy-token", browser.active().getAttribute("data-testid"), "Copy has focus");
        browser.byTestId("copy-token").click();
        browser.wait.until(d -> secretDialog.findElement(By.cssSelector(".copy-status")).getText().contains("copied"));
        browser.screenshot("04-token-created");
        violations.addAll(browser.accessibilityViolations(axe, "token shown once"));
        browser.active().sendKeys(Keys.ESCAPE);
        browser.waitDialogClosed();
        assertEquals("create-token", browser.active().getAttribute("data-testid"), "focus returns to Create token");
        assertTrue(browser.driver.getPageSource().indexOf(token) < 0, "the secret is gone from the page once closed");

        WebElement row = browser.tokenRow("Production API");
        assertEquals("Active", browser.cell(row, "token-status"));
        assertEquals("Never", browser.cell(row, "token-last-used"));
        assertEquals("—", browser.cell(row, "token-last-ip"));
        assertEquals("just now", browser.cell(row, "token-changed"));
        String exact = row.findElement(By.cssSelector("[data-testid='token-changed'] time")).getAttribute("title");
        assertTrue(exact.matches(".*\\(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z\\)"), "exact time on hover: " + exact);

        // 6. Try the send endpoint with that token: 202, and the mail arrives at the SMTP server
        browser.byTestId("nav-playground").click();
        browser.heading("Try the send endpoint");
        String subject = "Hello from the dashboard " + UUID.randomUUID();
        WebElement tokenField = browser.byTestId("pg-token");
        tokenField.clear();
        tokenField.sendKeys(token);
        browser.byTestId("pg-to").clear();
        browser.byTestId("pg-to").sendKeys("alice@example.org");
        browser.byTestId("pg-subject").clear();
        browser.byTestId("pg-subject").sendKeys(subject);
        assertEquals("You <you@example.com>", browser.byTestId("pg-from").getAttribute("value"), "from is prefilled");
        browser.byTestId("pg-send").click();
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(DashboardBrowser.testId("pg-status"), "202"));
        String body = browser.byTestId("pg-body").getText();
        assertTrue(body.contains("\"message_id\"") && body.contains("\"pending\""), body);
        browser.js("window.scrollTo(0, 0);");
        browser.screenshot("05-playground");
        violations.addAll(browser.accessibilityViolations(axe, "playground with a response"));
        MimeMessage mail = awaitMail(subject);
        assertEquals(new InternetAddress("You <you@example.com>"), mail.getFrom()[0]);
        assertEquals("alice@example.org", ((InternetAddress) mail.getAllRecipients()[0]).getAddress());

        // 7. Last used and last IP appear in the token list
        browser.byTestId("nav-tokens").click();
        browser.heading("API Tokens");
        row = browser.refreshUntil("Production API",
                r -> !browser.cell(r, "token-last-used").equals("Never") && !browser.cell(r, "token-last-ip").equals("—"),
                Duration.ofSeconds(30));
        assertEquals("127.0.0.1", browser.cell(row, "token-last-ip"));
        assertTrue(List.of("just now", "1 minute ago").contains(browser.cell(row, "token-last-used")),
                browser.cell(row, "token-last-used"));
        assertEquals("Never", browser.cell(browser.tokenRow("Default"), "token-last-used"), "the other token is untouched");
        browser.screenshot("06-tokens-list");
        violations.addAll(browser.accessibilityViolations(axe, "token list"));

        // 8. Logs, opened from the actions menu by keyboard; more than a page of entries
        String tokenId = row.getAttribute("data-token-id");
        for (int i = 0; i < 25; i++) {
            sendWithApi(token, "Bulk " + i + " " + subject);
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> acceptedLogEntries(projectId, tokenId) >= 26);
        browser.tokenActionByKeyboard("Production API", "Logs");
        browser.heading("Logs for Production API");
        browser.wait.until(ExpectedConditions.numberOfElementsToBe(DashboardBrowser.testId("log-row"), 25));
        WebElement older = browser.byTestId("logs-older");
        assertFalse(browser.byTestId("logs-newer").isEnabled(), "no newer page on page 1");
        assertTrue(older.isEnabled(), "Older is enabled: there is a second page");
        assertTrue(logCells(0).stream().noneMatch(String::isBlank), "every entry has a time");
        browser.screenshot("07-logs");
        violations.addAll(browser.accessibilityViolations(axe, "logs"));
        older.click();
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(DashboardBrowser.testId("logs-status"), "Page 2"));
        String pageTwo = browser.byTestId("logs").getText();
        assertTrue(pageTwo.contains(subjectMessageId(body)), "the first send, the oldest use, is on page 2");
        browser.byTestId("logs-newer").click();
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(DashboardBrowser.testId("logs-status"), "Page 1"));
        browser.select("logs-outcome", "Refused");
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(DashboardBrowser.testId("logs-empty")));
        browser.select("logs-outcome", "Accepted");
        browser.wait.until(ExpectedConditions.numberOfElementsToBe(DashboardBrowser.testId("log-row"), 25));
        assertTrue(logOutcomes().stream().allMatch("accepted"::equals), logOutcomes().toString());

        // 9. Regenerate (confirm; explains the old token stops at once); the new token is shown once
        browser.byTestId("nav-tokens").click();
        browser.heading("API Tokens");
        browser.tokenActionByMouse("Production API", "Regenerate");
        WebElement regenerate = browser.dialog("regenerate-dialog");
        assertTrue(browser.byTestId("regenerate-consequence").getText().contains("stops working immediately"),
                browser.byTestId("regenerate-consequence").getText());
        browser.select("grace", "After 1 hour");
        assertTrue(browser.byTestId("regenerate-consequence").getText().contains("keeps working for 1 hour"));
        browser.select("grace", "Immediately");
        assertTrue(regenerate.getText().contains("Regenerate “Production API”?"), regenerate.getText());
        browser.screenshot("08-regenerate-confirm");
        violations.addAll(browser.accessibilityViolations(axe, "regenerate dialog"));
        browser.byTestId("regenerate-confirm").click();
        browser.dialog("secret-dialog");
        String regenerated = browser.byTestId("new-token").getAttribute("value");
        assertTrue(TokenFormat.isValid(regenerated, TokenKind.PROJECT));
        assertNotEquals(token, regenerated);
        browser.screenshot("09-token-regenerated");
        browser.byTestId("secret-done").click();
        browser.waitDialogClosed();
        pingStatus(token, 401);
        pingStatus(regenerated, 200);

        // 10. Revoke (confirm): the row says Revoked and the token is refused
        browser.tokenActionByKeyboard("Production API", "Revoke");
        WebElement revoke = browser.dialog("revoke-dialog");
        assertTrue(revoke.getText().contains("stops working immediately"), revoke.getText());
        assertEquals("Cancel", browser.active().getText(), "the safe choice has focus");
        browser.byTestId("revoke-confirm").click();
        browser.waitDialogClosed();
        browser.wait.until(d -> browser.cell(browser.tokenRow("Production API"), "token-status").equals("Revoked"));
        browser.screenshot("10-token-revoked");
        violations.addAll(browser.accessibilityViolations(axe, "token list with a revoked token"));
        pingStatus(regenerated, 401);
        assertEquals(List.of("Logs"), menuItems("Production API"), "a revoked token only has its logs");

        // 11. The token's logs tell its story: created, regenerated, revoked (the lifecycle channel)
        browser.tokenActionByKeyboard("Production API", "Logs");
        browser.heading("Logs for Production API");
        browser.select("logs-channel", "Lifecycle");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!logOutcomes().containsAll(List.of("created", "regenerated", "revoked")) && System.nanoTime() < deadline) {
            DashboardBrowser.sleep(500);
            browser.byTestId("logs-refresh").click();
            browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(DashboardBrowser.testId("logs-refresh"), "Refresh"));
        }
        assertEquals(List.of("revoked", "regenerated", "created"), logOutcomes(), "newest first");
        assertTrue(logCells(4).stream().allMatch(by -> by.startsWith("by team token ")), logCells(4).toString());
        browser.screenshot("11-logs-lifecycle");
        browser.byTestId("nav-tokens").click();
        browser.heading("API Tokens");

        // 12. Nothing but the sign-in credential was ever stored; then sign out: it is gone from the tab
        assertEquals(1L, browser.js("return sessionStorage.length;"), "no project token kept in session storage");
        assertEquals(0L, browser.js("return localStorage.length;"), "nothing in local storage");
        assertFalse(browser.driver.getCurrentUrl().contains(token) || browser.driver.getCurrentUrl().contains(regenerated));
        browser.byTestId("sign-out").click();
        browser.heading("Sign in to the dashboard");
        assertNull(browser.js("return sessionStorage.getItem('mintpost.dashboard.credential');"));
        browser.open("#/projects");
        browser.heading("Sign in to the dashboard");
        assertEquals(List.of(), violations, "axe-core finds no WCAG A/AA violation at any step");
    }

    @Test
    void atPhoneWidthNothingScrollsSidewaysAndTheMenusAndDialogsWork() throws Exception {
        String projectName = "Phone shop " + UUID.randomUUID().toString().substring(0, 8);
        String projectId = createProject(projectName);
        given().baseUri(apiBase).header("Authorization", "Bearer " + teamToken).contentType(ContentType.JSON)
                .body(Map.of("name", "Magento store")).post("/projects/" + projectId + "/tokens")
                .then().statusCode(201);
        browser = new DashboardBrowser(origin, screenshots, 390, 844);
        List<String> violations = new ArrayList<>();

        browser.open("");
        browser.heading("Sign in to the dashboard");
        assertFalse(browser.scrollsHorizontally(), "sign-in page fits");
        browser.screenshot("20-phone-sign-in");
        browser.signIn(teamToken);
        browser.heading("Projects");
        assertFalse(browser.scrollsHorizontally(), "projects page fits");
        browser.screenshot("21-phone-projects");
        browser.selectProject(projectName);
        browser.heading(projectName);
        browser.byTestId("nav-tokens").click();
        browser.heading("API Tokens");
        browser.tokenRow("Magento store");
        assertFalse(browser.scrollsHorizontally(), "token list fits");
        browser.screenshot("22-phone-tokens");
        violations.addAll(browser.accessibilityViolations(axe, "phone: token list"));

        // the menu opens from the keyboard, Escape closes it and focus returns to its button
        WebElement actions = browser.tokenRow("Magento store").findElement(DashboardBrowser.testId("token-actions"));
        actions.sendKeys(Keys.ARROW_DOWN);
        assertEquals("true", actions.getAttribute("aria-expanded"));
        assertEquals("Regenerate", browser.active().getText());
        browser.active().sendKeys(Keys.END);
        assertEquals("Logs", browser.active().getText());
        browser.active().sendKeys(Keys.ARROW_DOWN);
        assertEquals("Regenerate", browser.active().getText(), "arrow keys wrap around");
        browser.screenshot("23-phone-menu");
        violations.addAll(browser.accessibilityViolations(axe, "phone: open actions menu"));
        browser.active().sendKeys(Keys.ESCAPE);
        assertEquals("false", actions.getAttribute("aria-expanded"));
        assertEquals(actions, browser.active());

        // the create dialog keeps Tab inside itself and Escape returns focus to Create token
        browser.byTestId("create-token").click();
        WebElement dialog = browser.dialog("create-dialog");
        for (int i = 0; i < 8; i++) {
            browser.active().sendKeys(Keys.TAB);
            WebElement focused = browser.active();
            assertTrue((Boolean) browser.js("return arguments[0].contains(arguments[1]);", dialog, focused),
                    "Tab stays in the dialog, but reached " + focused.getTagName() + " " + focused.getText());
        }
        browser.byTestId("token-name").sendKeys("Staging worker");
        browser.byTestId("create-token-submit").click();
        browser.dialog("secret-dialog");
        assertFalse(browser.scrollsHorizontally(), "the token dialog fits");
        browser.screenshot("24-phone-token-created");
        browser.active().sendKeys(Keys.ESCAPE);
        browser.waitDialogClosed();
        assertEquals("create-token", browser.active().getAttribute("data-testid"));
        browser.tokenRow("Staging worker");

        browser.byTestId("nav-playground").click();
        browser.heading("Try the send endpoint");
        assertFalse(browser.scrollsHorizontally(), "the playground fits");
        browser.screenshot("25-phone-playground");
        violations.addAll(browser.accessibilityViolations(axe, "phone: playground"));
        assertEquals(List.of(), violations, "axe-core finds no WCAG A/AA violation at phone width");
    }

    @Test
    void signInShowsTheServersMessageForAnUnknownTeamTokenOrAnUnverifiableSsoToken() throws IOException {
        // the edge looks an unknown token up at token-service; on a cold, busy machine the very first
        // lookup can time out (503 "retry later"): wait until the edge answers 401 before the browser asks
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                given().baseUri(apiBase).header("Authorization", "Bearer " + TokenFormat.newTeamToken())
                        .get("/projects").statusCode() == 401);
        browser = new DashboardBrowser(origin, screenshots, 1280, 900);
        browser.open("");
        browser.heading("Sign in to the dashboard");
        browser.signIn(TokenFormat.newTeamToken());
        String alert = browser.alertText();
        assertTrue(alert.startsWith("Sign-in refused: "), alert);
        String serverMessage = given().baseUri(apiBase).header("Authorization", "Bearer " + TokenFormat.newTeamToken())
                .get("/projects").then().statusCode(401).extract().path("message");
        assertEquals("Sign-in refused: " + serverMessage, alert, "the server's own 401 message is shown");
        assertNull(browser.js("return sessionStorage.getItem('mintpost.dashboard.credential');"), "nothing kept");
        // an SSO token (a JWT) is accepted by the page and checked by the edge; one it cannot verify gets its 401 message
        String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSIsInRlYW1faWQiOiJ4In0.c2lnbmF0dXJl";
        String ssoMessage = given().baseUri(apiBase).header("Authorization", "Bearer " + jwt)
                .get("/projects").then().statusCode(401).extract().path("message");
        browser.signIn(jwt);
        browser.wait.until(d -> browser.alertText().equals("Sign-in refused: " + ssoMessage));
        assertNull(browser.js("return sessionStorage.getItem('mintpost.dashboard.credential');"), "nothing kept");
        browser.signIn("lm_team_tooShort");
        assertTrue(browser.fieldError("signin-token").contains("not a valid team API token"), browser.fieldError("signin-token"));
        browser.screenshot("30-sign-in-refused");
    }

    @Test
    void thePagesTokenCheckAgreesWithTheJavaTokenFormat() throws IOException {
        browser = new DashboardBrowser(origin, screenshots, 1280, 900);
        browser.open("");
        browser.heading("Sign in to the dashboard");
        List<String> team = new ArrayList<>();
        List<String> project = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            team.add(TokenFormat.newTeamToken());
            project.add(i % 2 == 0 ? TokenFormat.newProjectToken() : TokenFormat.newShortProjectToken());
        }
        List<String> mistyped = team.stream().map(t -> t.substring(0, 20) + (t.charAt(20) == 'a' ? 'b' : 'a') + t.substring(21)).toList();
        assertTrue(mistyped.stream().noneMatch(TokenFormat::isValid));
        @SuppressWarnings("unchecked")
        Map<String, Object> verdicts = (Map<String, Object>) browser.driver.executeAsyncScript("""
                const [team, project, mistyped, done] = arguments;
                import('./js/token-format.js').then((m) => done({
                    team: team.map((t) => m.checkSignInCredential(t).kind || 'error'),
                    project: project.map((t) => m.isProjectToken(t)),
                    projectAtSignIn: project.map((t) => m.checkSignInCredential(t).kind || 'error'),
                    mistyped: mistyped.map((t) => m.checkSignInCredential(t).kind || 'error'),
                    teamAsProject: team.map((t) => m.isProjectToken(t)),
                }));
                """, team, project, mistyped);
        assertTrue(((List<?>) verdicts.get("team")).stream().allMatch("team"::equals), verdicts.toString());
        assertTrue(((List<?>) verdicts.get("project")).stream().allMatch(Boolean.TRUE::equals), verdicts.toString());
        assertTrue(((List<?>) verdicts.get("projectAtSignIn")).stream().allMatch("error"::equals), verdicts.toString());
        assertTrue(((List<?>) verdicts.get("mistyped")).stream().allMatch("error"::equals), verdicts.toString());
        assertTrue(((List<?>) verdicts.get("teamAsProject")).stream().allMatch(Boolean.FALSE::equals), verdicts.toString());
    }

    // --- helpers over the public API -------------------------------------------------------------

    static String createProject(String name) {
        return given().baseUri(apiBase).header("Authorization", "Bearer " + teamToken).contentType(ContentType.JSON)
                .body(Map.of("name", name)).post("/projects")
                .then().statusCode(201).extract().path("data.id");
    }

    static void sendWithApi(String projectToken, String subject) {
        given().baseUri(apiBase).header("x-lettermint-token", projectToken).contentType(ContentType.JSON)
                .body(Map.of("from", "Webshop <shop@example.com>", "to", List.of("bob@example.org"),
                        "subject", subject, "text", "Bulk mail for log paging."))
                .post("/send").then().statusCode(202);
    }

    static int acceptedLogEntries(String projectId, String tokenId) {
        List<String> outcomes = given().baseUri(apiBase).header("Authorization", "Bearer " + teamToken)
                .queryParam("limit", 100)
                .get("/projects/" + projectId + "/tokens/" + tokenId + "/logs")
                .then().statusCode(200).extract().path("data.outcome");
        return (int) outcomes.stream().filter("accepted"::equals).count();
    }

    static void pingStatus(String projectToken, int status) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                given().baseUri(apiBase).header("x-lettermint-token", projectToken).get("/ping")
                        .then().statusCode(status));
        given().baseUri(apiBase).header("x-lettermint-token", projectToken).get("/ping").then().statusCode(status);
    }

    static String subjectMessageId(String playgroundBody) {
        return io.restassured.path.json.JsonPath.from(playgroundBody).getString("message_id");
    }

    List<String> logCells(int column) {
        return browser.driver.findElements(By.cssSelector("[data-testid='log-row']")).stream()
                .map(r -> r.findElements(By.tagName("td")).get(column).getText()).toList();
    }

    List<String> logOutcomes() {
        return logCells(1);
    }

    List<String> menuItems(String tokenName) {
        WebElement button = browser.tokenRow(tokenName).findElement(DashboardBrowser.testId("token-actions"));
        WebElement menu = browser.driver.findElement(By.id(button.getAttribute("aria-controls")));
        return menu.findElements(By.cssSelector("[role='menuitem']")).stream()
                .map(e -> e.getAttribute("textContent")).toList();
    }
}
