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
 * The dashboard's Webhooks page of a route in headless Chromium against the packaged suite: from the project's
 * route list to the page, a webhook created with its events, its secret shown once, a test sent to a real receiver
 * and its delivery (payload and answer) in the log; at desktop and phone width (nothing scrolls sideways), with the
 * axe-core audit. Screenshots ({@code webhooks-…}) go to {@code system-tests/target/screenshots/}.
 */
class WebhooksBrowserTest extends BrowserTestBase {




    @Test
    void aWebhookIsCreatedTestedAndItsDeliveryShownAtDesktopAndPhoneWidth() throws Exception {
        String name = "Webhooks page " + UUID.randomUUID().toString().substring(0, 8);
        String projectId = team().contentType(ContentType.JSON).body(Map.of("name", name)).post("/projects").then()
                .statusCode(201).extract().path("data.id");
        JsonPath routes = team().get("/projects/" + projectId + "/routes").then().statusCode(200).extract().jsonPath();
        String routeId = routes.getString("data.find { it.is_default && it.route_type == 'transactional' }.id");
        List<String> violations = new ArrayList<>();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            signedIn(DESKTOP_WIDTH, DESKTOP_HEIGHT);
            browser.open("#/projects/" + projectId);
            browser.heading(name);
            settle().until(d -> {
                browser.raw().findElement(By.cssSelector("[data-testid='route-row'][data-route-id='" + routeId
                        + "'] [data-testid='route-webhooks']")).click();
                return true;
            });
            browser.heading("Webhooks");
            browser.byTestId("webhooks-empty");
            browser.byTestId("webhook-name").sendKeys("Orders");
            browser.byTestId("webhook-url").sendKeys(receiver.url());
            browser.byTestId("create-webhook").click();
            String secret = browser.dialog("secret-dialog").findElement(DashboardBrowser.testId("webhook-secret"))
                    .getAttribute("value");
            assertTrue(secret.startsWith("whsec_"), secret);
            browser.screenshot("webhooks-01-secret");
            violations.addAll(browser.accessibilityViolations(axe, "webhooks: secret shown once"));
            browser.byTestId("secret-done").click();
            browser.waitDialogClosed();
            assertEquals(routeId, team().get("/webhooks?filter[route_id]=" + routeId).then().extract().jsonPath()
                    .getString("data[0].route_id"));

            browser.byTestId("test-webhook").click();
            settle().until(d -> !browser.raw().findElements(By.cssSelector(
                    "[data-testid='delivery-row'][data-event='webhook.test'][data-status='success']")).isEmpty());
            assertEquals(1, receiver.requests().size(), "the test reached the receiver");
            openFirstDelivery();
            String payload = settle().until(d -> text("delivery-payload").contains("webhook.test") ? text(
                    "delivery-payload") : null);
            assertTrue(payload.contains("\"event\": \"webhook.test\""), payload);
            assertEquals("{}", text("delivery-response"));
            assertTrue(browser.raw().getPageSource().indexOf(secret) < 0, "the secret is gone from the page");
            browser.screenshot("webhooks-02-delivery");
            violations.addAll(browser.accessibilityViolations(axe, "webhooks: delivery log"));

            signedIn(PHONE_WIDTH, PHONE_HEIGHT);
            browser.open("#/projects/" + projectId + "/routes/" + routeId + "/webhooks");
            browser.heading("Webhooks");
            browser.byTestId("webhook-card");
            openFirstDelivery();
            assertFalse(browser.scrollsHorizontally(), "the webhooks page fits the phone's width");
            browser.screenshot("webhooks-03-phone");
            violations.addAll(browser.accessibilityViolations(axe, "phone: webhooks"));
        }
        assertEquals(List.of(), violations, "axe-core violations");
    }

    /** Opens the newest delivery's details (again, if a re-render of the log closed them). */
    private void openFirstDelivery() {
        settle().until(d -> {
            WebElement details = browser.raw().findElement(By.cssSelector("[data-testid='delivery-row'] details"));
            if (details.getAttribute("open") == null) {
                details.findElement(By.tagName("summary")).click();
            }
            return details.getAttribute("open") != null;
        });
    }

    /** The text of the first element with that test id, whether or not it is laid out yet. */
    private String text(String testId) {
        return settle().until(d -> (String) browser.js("return arguments[0].textContent;",
                browser.raw().findElement(DashboardBrowser.testId(testId))));
    }

    private static io.restassured.specification.RequestSpecification team() {
        return given().baseUri(suite.baseUrl()).header("Authorization", "Bearer " + suite.teamToken());
    }

    /** A wait that looks again when the page re-rendered the element it had found. */
    private FluentWait<WebDriver> settle() {
        return new WebDriverWait(browser.raw(), Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class);
    }
}
