package org.mintpost.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Leaked and forgotten tokens on the dashboard (issue #25), in headless Chromium against the packaged suite, at
 * desktop and phone width: the project page sets {@code auto_revoke_inactive_days} (a bad value is refused next to
 * the field) and shows a {@code token.leaked} entry with the reporter's source and URL; with token-service's clock
 * moved 8 days on, the API Tokens page marks the unused token Inactive, warns that the job will revoke it, and its
 * filter keeps only unused tokens; the project page warns too. axe-core clean at every step, nothing scrolls sideways
 * at phone width. Screenshots ({@code token-safety-…}) go to {@code system-tests/target/screenshots/}.
 */
class TokenSafetyBrowserTest extends BrowserTestBase {



    @AfterEach
    void resetClock() {
        LeakedTokensEndToEndTest.moveClock(0);
    }

    @Test
    void atDesktopWidth() throws Exception {
        walk(1280, 900, "token-safety-desktop");
    }

    @Test
    void atPhoneWidth() throws Exception {
        walk(390, 844, "token-safety-phone");
    }

    private void walk(int width, int height, String shots) throws Exception {
        String projectId = api().body(Map.of("name", "Token safety " + UUID.randomUUID()))
                .post("/projects").then().statusCode(201).extract().path("data.id");
        String forgotten = "Forgotten worker";
        api().body(Map.of("name", forgotten)).post("/projects/" + projectId + "/tokens")
                .then().statusCode(201);
        JsonPath leaked = api().body(Map.of("name", "Committed by mistake"))
                .post("/projects/" + projectId + "/tokens").then().statusCode(201).extract().jsonPath();
        String body = LeakedTokensEndToEndTest.JSON.writeValueAsString(List.of(GithubScanner.entry(
                leaked.getString("token"), "https://github.com/acme/shop/blob/main/.env", "commit")));
        LeakedTokensEndToEndTest.signed(suite.gateway(), body, Suite.SECRET_SCANNING_KEY_ID, suite.secretScanningKey)
                .then().statusCode(200);
        boolean phone = width < 760;
        List<String> violations = new ArrayList<>();

        signedIn(width, height);
        browser.open("#/projects/" + projectId);
        browser.byTestId("token-policy");
        WebElement entry = browser.byTestId("leaked-entry");
        assertTrue(entry.getText().contains("token.leaked"), entry.getText());
        assertTrue(entry.getText().contains("Committed by mistake"), entry.getText());
        assertTrue(entry.getText().contains("commit"), entry.getText());
        assertTrue(entry.getText().contains("https://github.com/acme/shop/blob/main/.env"), entry.getText());
        assertTrue(browser.byTestId("auto-revoke-state").getText().contains("off"));

        // the setting: a bad value is refused next to the field, then 10 days is saved
        WebElement days = browser.byTestId("auto-revoke-days");
        days.sendKeys("0");
        browser.byTestId("save-auto-revoke").click();
        settle().until(d -> !browser.fieldError("auto-revoke-days").isEmpty());
        browser.js("arguments[0].scrollIntoView()", browser.byTestId("token-policy"));
        browser.screenshot(shots + "-01-setting-refused");
        violations.addAll(browser.accessibilityViolations(axe, shots + ": setting refused"));
        days = browser.byTestId("auto-revoke-days");
        days.clear();
        days.sendKeys("10");
        browser.byTestId("save-auto-revoke").click();
        settle().until(d -> browser.byTestId("auto-revoke-state").getText().contains("10 days"));
        assertEquals(10, (Integer) api().get("/projects/" + projectId + "/token-settings")
                .then().statusCode(200).extract().path("data.auto_revoke_inactive_days"));
        checkFits(phone, "project page");
        browser.js("arguments[0].scrollIntoView()", browser.byTestId("token-policy"));
        browser.screenshot(shots + "-02-project-page");
        violations.addAll(browser.accessibilityViolations(axe, shots + ": project page"));

        // 8 days later (token-service's clock): the unused token is 2 days from its automatic revocation
        LeakedTokensEndToEndTest.moveClock(Duration.ofDays(8).plusHours(1).toSeconds());
        String fresh = "Fresh integration";
        api().body(Map.of("name", fresh)).post("/projects/" + projectId + "/tokens")
                .then().statusCode(201);
        browser.open("#/projects/" + projectId + "/tokens");
        browser.heading("API Tokens");
        WebElement row = browser.tokenRow(forgotten);
        assertEquals("Inactive", row.findElement(DashboardBrowser.testId("token-inactive")).getText().trim()
                .split("\\s")[0]);
        assertTrue(row.findElement(DashboardBrowser.testId("token-auto-revoke")).getText().contains("unless used"));
        assertTrue(browser.tokenRow(fresh).findElements(DashboardBrowser.testId("token-inactive")).isEmpty(),
                "a token made today is not inactive");
        String warning = browser.byTestId("auto-revoke-warning").getText();
        assertTrue(warning.contains(forgotten) && !warning.contains(fresh), warning);
        checkFits(phone, "token list with an inactive token");
        browser.screenshot(shots + "-03-tokens-inactive");
        violations.addAll(browser.accessibilityViolations(axe, shots + ": tokens with an inactive one"));

        browser.select("inactive-filter", "Unused for 7+ days");
        settle().until(d -> browser.raw().findElements(By.cssSelector(
                "tr[data-testid='token-row'][data-token-name='" + fresh + "']")).isEmpty());
        browser.tokenRow(forgotten);
        browser.select("inactive-filter", "Unused for 90+ days");
        browser.byTestId("tokens-none-inactive");
        browser.select("inactive-filter", "Unused for 7+ days");
        browser.tokenRow(forgotten);
        browser.screenshot(shots + "-04-tokens-filtered");
        violations.addAll(browser.accessibilityViolations(axe, shots + ": filtered"));

        browser.open("#/projects/" + projectId);
        String projectWarning = browser.byTestId("auto-revoke-warning").getText();
        assertTrue(projectWarning.contains(forgotten), projectWarning);
        checkFits(phone, "project page with a warning");
        browser.js("arguments[0].scrollIntoView()", browser.byTestId("token-policy"));
        browser.screenshot(shots + "-05-project-warning");
        violations.addAll(browser.accessibilityViolations(axe, shots + ": project page warning"));

        // the leaked entry leads to the token's logs: a token.leaked line with the URL, the scanner and its source
        browser.byTestId("leaked-entry").findElement(By.tagName("a")).click();
        browser.heading("Logs for Committed by mistake");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (browser.raw().findElements(DashboardBrowser.testId("log-leaked")).isEmpty()
                && System.nanoTime() < deadline) {
            DashboardBrowser.sleep(500);
            browser.byTestId("logs-refresh").click();
        }
        WebElement leakedLine = settle().until(d -> browser.raw().findElements(DashboardBrowser.testId("log-leaked"))
                .stream().findFirst().map(badge -> badge.findElement(By.xpath("ancestor::tr"))).orElse(null));
        String line = leakedLine.getText();
        assertTrue(line.contains("https://github.com/acme/shop/blob/main/.env"), line);
        assertTrue(leakedLine.findElement(DashboardBrowser.testId("log-reason")).getText()
                .equals("leaked, by github_secret_scanning (commit)"), line);
        checkFits(phone, "logs with a leaked line");
        browser.screenshot(shots + "-06-logs-leaked");
        violations.addAll(browser.accessibilityViolations(axe, shots + ": logs with a leaked line"));
        assertEquals(List.of(), violations);
    }

    private void checkFits(boolean phone, String what) {
        if (phone) {
            assertFalse(browser.scrollsHorizontally(), what + " fits at phone width");
        }
    }

    private static io.restassured.specification.RequestSpecification api() {
        return given().baseUri(suite.baseUrl()).header("Authorization", "Bearer " + suite.teamToken())
                .contentType(ContentType.JSON);
    }

    /** A wait that looks again when the page re-rendered the element it had found. */
    private FluentWait<WebDriver> settle() {
        return new WebDriverWait(browser.raw(), Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class);
    }
}
