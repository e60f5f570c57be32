package org.mintpost.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import io.restassured.http.ContentType;

/**
 * The Routes list on the dashboard's project page in headless Chromium against the packaged suite: the project's
 * default routes and one made through the API, each with its slug, type and the default marked; at desktop and
 * phone width, with the axe-core audit. Screenshots ({@code routes-…}) go to {@code system-tests/target/screenshots/}.
 */
class RoutesBrowserTest extends BrowserTestBase {




    @Test
    void theProjectPageListsItsRoutes() throws Exception {
        String name = "Routes page " + UUID.randomUUID().toString().substring(0, 8);
        String projectId = given().baseUri(suite.baseUrl()).header("Authorization", "Bearer " + suite.teamToken())
                .contentType(ContentType.JSON).body(Map.of("name", name)).post("/projects").then().statusCode(201)
                .extract().path("data.id");
        given().baseUri(suite.baseUrl()).header("Authorization", "Bearer " + suite.teamToken())
                .contentType(ContentType.JSON).body(Map.of("name", "Password resets", "route_type", "transactional"))
                .post("/projects/" + projectId + "/routes").then().statusCode(201);
        List<String> violations = new ArrayList<>();
        signedIn(DESKTOP_WIDTH, DESKTOP_HEIGHT);
        browser.open("#/projects/" + projectId);
        browser.heading(name);
        browser.byTestId("route-row");
        assertEquals(List.of("outgoing", "broadcast", "password-resets"), slugs());
        List<WebElement> defaults = browser.raw().findElements(DashboardBrowser.testId("route-default"));
        assertEquals(1, defaults.size(), "one default route");
        assertEquals("outgoing", defaults.get(0).findElement(By.xpath("./ancestor::tr"))
                .findElement(DashboardBrowser.testId("route-slug")).getText());
        browser.screenshot("routes-01-project");
        violations.addAll(browser.accessibilityViolations(axe, "project: routes"));

        signedIn(PHONE_WIDTH, PHONE_HEIGHT);
        browser.open("#/projects/" + projectId);
        browser.heading(name);
        browser.byTestId("route-row");
        assertEquals(3, slugs().size());
        assertFalse(browser.scrollsHorizontally(), "the routes fit the phone's width");
        browser.screenshot("routes-02-phone");
        violations.addAll(browser.accessibilityViolations(axe, "phone: project routes"));
        assertEquals(List.of(), violations, "axe-core violations");
    }

    private List<String> slugs() {
        return browser.raw().findElements(DashboardBrowser.testId("route-slug")).stream().map(WebElement::getText)
                .toList();
    }
}
