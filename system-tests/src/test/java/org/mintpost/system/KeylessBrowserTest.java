package org.mintpost.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.restassured.http.ContentType;

/**
 * The project page's Trusted workloads section in headless Chromium against the packaged suite: a GitHub Actions
 * template added (a bad condition first refused next to its field), the token it mints marked with its expiry on
 * API Tokens, the policy removed; axe-core at each step. Screenshots ({@code keyless-…}) go to
 * {@code system-tests/target/screenshots/}.
 */
class KeylessBrowserTest extends BrowserTestBase {




    @Test
    void aWorkloadIsTrustedItsTokenIsMarkedAndItIsRemoved() throws Exception {
        String tag = Long.toString(System.nanoTime());
        String name = "Keyless page " + tag;
        String projectId = given().baseUri(suite.baseUrl()).header("Authorization", "Bearer " + suite.teamToken())
                .contentType(ContentType.JSON).body(Map.of("name", name)).post("/projects")
                .then().statusCode(201).extract().path("data.id");
        List<String> violations = new ArrayList<>();
        signedIn(DESKTOP_WIDTH, DESKTOP_HEIGHT);
        browser.open("#/projects/" + projectId);
        settle().until(d -> !browser.raw().findElements(DashboardBrowser.testId("workloads-empty")).isEmpty());
        browser.byTestId("workload-add-details").click();
        browser.select("workload-template", "GitHub Actions");
        browser.byTestId("workload-issuer").clear();
        browser.byTestId("workload-issuer").sendKeys(suite.ciIssuer.url());
        browser.byTestId("workload-audience").clear();
        browser.byTestId("workload-audience").sendKeys("aud-" + tag);
        browser.byTestId("workload-conditions").clear();
        browser.byTestId("workload-conditions").sendKeys("ref=refs/heads/main");
        browser.byTestId("workload-add").click();
        settle().until(d -> !browser.fieldError("workload-conditions").isEmpty());
        assertTrue(browser.fieldError("workload-conditions").contains("sub, repository or project_path"),
                browser.fieldError("workload-conditions"));
        browser.screenshot("keyless-01-refused");
        violations.addAll(browser.accessibilityViolations(axe, "keyless: a refused condition"));

        browser.byTestId("workload-conditions").clear();
        browser.byTestId("workload-conditions").sendKeys("repository=acme/page\nref=refs/heads/*");
        browser.byTestId("workload-add").click();
        settle().until(d -> browser.raw().findElements(DashboardBrowser.testId("workload-row")).size() == 1);
        browser.screenshot("keyless-02-trusted");
        violations.addAll(browser.accessibilityViolations(axe, "keyless: a trusted workload"));

        given().baseUri(suite.baseUrl()).contentType(ContentType.JSON)
                .body(Map.of("token", suite.ciIssuer.rs256(suite.ciIssuer.github("aud-" + tag, "acme/page",
                        "refs/heads/main"))))
                .post("/oidc/token").then().statusCode(201);
        browser.open("#/projects/" + projectId + "/tokens");
        settle().until(d -> !browser.raw().findElements(DashboardBrowser.testId("token-keyless")).isEmpty());
        String row = browser.raw().findElement(DashboardBrowser.testId("token-keyless"))
                .findElement(By.xpath("ancestor::tr")).getText();
        assertTrue(row.contains("acme/page@refs/heads/main") && row.contains("expires"), row);
        browser.screenshot("keyless-03-minted-token");
        violations.addAll(browser.accessibilityViolations(axe, "keyless: a minted token"));

        browser.open("#/projects/" + projectId);
        settle().until(d -> {
            browser.byTestId("workload-remove").click();
            return true;
        });
        settle().until(d -> !browser.raw().findElements(DashboardBrowser.testId("workloads-empty")).isEmpty());
        assertEquals(0, given().baseUri(suite.baseUrl()).header("Authorization", "Bearer " + suite.teamToken())
                .get("/projects/" + projectId + "/trusted-workloads").then().statusCode(200).extract().jsonPath()
                .getList("data").size());
        browser.screenshot("keyless-04-removed");
        assertEquals(List.of(), violations);
    }

    private FluentWait<WebDriver> settle() {
        return new WebDriverWait(browser.raw(), Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class);
    }
}
