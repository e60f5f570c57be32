package org.mintpost.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.restassured.http.ContentType;

/**
 * The dashboard's Suppressions page in headless Chromium against the packaged suite: a recipient the SMTP server
 * refused shows with its reason and source message; an address added by hand is listed, found by search and
 * removed; a malformed one is refused next to the field; with the axe-core audit. Screenshots
 * ({@code suppressions-…}) go to {@code system-tests/target/screenshots/}.
 */
class SuppressionsBrowserTest extends BrowserTestBase {




    @Test
    void aBounceShowsWithItsSourceAndAnAddressIsAddedFoundAndRemoved() throws Exception {
        String tag = Long.toString(System.nanoTime());
        String bounced = RejectingGreenMail.REJECTED_PREFIX + "ui-" + tag + "@example.org";
        String token = given().baseUri(suite.baseUrl()).header("Authorization", "Bearer " + suite.teamToken())
                .contentType(ContentType.JSON).body(Map.of("name", "Suppressions page " + tag)).post("/projects")
                .then().statusCode(201).extract().path("api_token");
        given().baseUri(suite.baseUrl()).header("x-lettermint-token", token).contentType(ContentType.JSON)
                .body(Map.of("from", "shop@example.com", "to", List.of(bounced), "subject", "Bounced " + tag,
                        "text", "Never arrives."))
                .post("/send").then().statusCode(202);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> given().baseUri(suite.baseUrl())
                .header("Authorization", "Bearer " + suite.teamToken()).get("/suppressions?filter[value]=ui-" + tag)
                .then().extract().jsonPath().getList("data").size() == 1);

        List<String> violations = new ArrayList<>();
        signedIn(DESKTOP_WIDTH, DESKTOP_HEIGHT);
        browser.byTestId("nav-suppressions").click();
        browser.heading("Suppressions");
        search("ui-" + tag);
        // read inside the wait: a re-render replaces the row under a reference held across calls
        assertEquals("hard_bounce|Bounced " + tag, settle().until(d -> {
            WebElement row = row(bounced);
            return row == null ? null : row.findElement(DashboardBrowser.testId("suppression-reason"))
                    .getAttribute("data-reason") + "|"
                    + row.findElement(DashboardBrowser.testId("suppression-source")).getText();
        }));
        browser.screenshot("suppressions-01-bounce");
        violations.addAll(browser.accessibilityViolations(axe, "suppressions: a bounce"));

        browser.byTestId("suppression-input").sendKeys("not an address");
        browser.byTestId("add-suppression").click();
        settle().until(d -> !browser.fieldError("suppression-input").isEmpty());
        assertTrue(browser.fieldError("suppression-input").contains("valid email"),
                browser.fieldError("suppression-input"));
        String manual = "hand-" + tag + "@example.org";
        browser.byTestId("suppression-input").clear();
        browser.byTestId("suppression-input").sendKeys(manual);
        browser.byTestId("add-suppression").click();
        search("hand-" + tag);
        assertEquals("manual", settle().until(d -> {
            WebElement row = row(manual);
            return row == null ? null : row.findElement(DashboardBrowser.testId("suppression-reason"))
                    .getAttribute("data-reason");
        }));
        browser.screenshot("suppressions-02-added");
        settle().until(d -> {
            row(manual).findElement(DashboardBrowser.testId("remove-suppression")).click();
            return true;
        });
        settle().until(d -> !browser.raw().findElements(DashboardBrowser.testId("suppressions-empty")).isEmpty());
        assertEquals(0, given().baseUri(suite.baseUrl()).header("Authorization", "Bearer " + suite.teamToken())
                .get("/suppressions?filter[value]=hand-" + tag).then().extract().jsonPath().getList("data").size());
        assertEquals(List.of(), violations);
    }

    private void search(String text) {
        WebElement search = browser.byTestId("suppression-search");
        search.clear();
        search.sendKeys(text + "\n");
    }

    private WebElement row(String value) {
        return browser.raw().findElements(By.cssSelector("[data-testid='suppression-row'][data-value='" + value
                + "']")).stream().findFirst().orElse(null);
    }

    /** A wait that looks again when the page re-rendered the element it had found. */
    private FluentWait<WebDriver> settle() {
        return new WebDriverWait(browser.raw(), Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class);
    }
}
