package org.mintpost.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

import io.restassured.http.ContentType;

/**
 * Opens and clicks on the dashboard's project page in headless Chromium against the packaged suite: the last 30
 * days' counts, and each route's tracking settings switched in place (read back through the API); at phone width
 * too, with the axe-core audit. Screenshots ({@code tracking-…}) go to {@code system-tests/target/screenshots/}.
 */
class TrackingBrowserTest extends BrowserTestBase {




    @Test
    void theProjectPageShowsTheCountsAndSwitchesARoutesTracking() throws Exception {
        String name = "Tracking page " + UUID.randomUUID().toString().substring(0, 8);
        String projectId = given().baseUri(suite.baseUrl()).header("Authorization", "Bearer " + suite.teamToken())
                .contentType(ContentType.JSON).body(Map.of("name", name)).post("/projects").then().statusCode(201)
                .extract().path("data.id");
        List<String> violations = new ArrayList<>();
        signedIn(DESKTOP_WIDTH, DESKTOP_HEIGHT);
        browser.open("#/projects/" + projectId);
        browser.heading(name);
        browser.byTestId("route-row");
        assertEquals("0", browser.byTestId("count-opened").getText());
        assertEquals("0", browser.byTestId("count-clicked").getText());
        WebElement broadcast = browser.raw().findElements(DashboardBrowser.testId("route-row")).stream()
                .filter(r -> r.getText().contains("broadcast")).findFirst().orElseThrow();
        String routeId = broadcast.getAttribute("data-route-id");
        WebElement opens = broadcast.findElement(DashboardBrowser.testId("flag-track_opens"));
        assertFalse(opens.isSelected());
        opens.click();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "Saved".equals(
                broadcast.findElement(DashboardBrowser.testId("tracking-status")).getText()));
        given().baseUri(suite.baseUrl()).header("Authorization", "Bearer " + suite.teamToken())
                .get("/routes/" + routeId).then().statusCode(200)
                .body("settings.track_opens", org.hamcrest.Matchers.equalTo(true))
                .body("settings.track_clicks", org.hamcrest.Matchers.equalTo(false));
        browser.screenshot("tracking-01-project");
        violations.addAll(browser.accessibilityViolations(axe, "project: tracking"));

        signedIn(PHONE_WIDTH, PHONE_HEIGHT);
        browser.open("#/projects/" + projectId);
        browser.heading(name);
        browser.byTestId("count-opened");
        browser.byTestId("route-tracking");
        assertFalse(browser.scrollsHorizontally(), "the tracking settings fit the phone's width");
        browser.screenshot("tracking-02-phone");
        violations.addAll(browser.accessibilityViolations(axe, "phone: tracking"));
        assertEquals(List.of(), violations, "axe-core violations");
    }
}
