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

/**
 * The dashboard's Domains page in headless Chromium against the packaged suite: add a domain, see the DNS
 * records with copy buttons, "Verify now" before and after the records are in the suite's DNS server, the
 * status of each record, attach a project; at desktop and phone width, with the axe-core audit. Screenshots
 * ({@code domains-…}) go to {@code system-tests/target/screenshots/}.
 */
class DomainsBrowserTest extends BrowserTestBase {




    @Test
    void addADomainPublishItsRecordsVerifyAndAttachAProject() throws Exception {
        String domain = "ui-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        String project = "Domains page " + domain;
        given().baseUri(suite.baseUrl()).header("Authorization", "Bearer " + suite.teamToken())
                .contentType(ContentType.JSON).body(Map.of("name", project)).post("/projects").then().statusCode(201);
        List<String> violations = new ArrayList<>();
        signedIn(DESKTOP_WIDTH, DESKTOP_HEIGHT);
        browser.byTestId("nav-domains").click();
        browser.heading("Domains");
        browser.byTestId("domain-input").sendKeys("not a domain");
        browser.byTestId("add-domain").click();
        settle().until(d -> !browser.fieldError("domain-input")
                .isEmpty());
        assertTrue(browser.fieldError("domain-input").contains("valid domain name"),
                browser.fieldError("domain-input"));
        browser.byTestId("domain-input").clear();
        browser.byTestId("domain-input").sendKeys(domain);
        browser.byTestId("add-domain").click();
        browser.heading(domain);
        List<WebElement> records = records();
        assertEquals(4, records.size());
        assertEquals("pending_verification", browser.byTestId("domain-status").getAttribute("data-status"));
        assertEquals(8, browser.raw().findElements(DashboardBrowser.testId("copy")).size(), "a copy button per "
                + "name and per value");
        browser.screenshot("domains-01-records");
        violations.addAll(browser.accessibilityViolations(axe, "domain: records to publish"));

        browser.byTestId("verify-now").click();
        assertTrue(browser.byTestId("verify-result").getText().contains("required record(s) not found"),
                browser.byTestId("verify-result").getText());

        for (WebElement row : records()) {
            String name = row.findElement(By.cssSelector("td[data-label=Name] code")).getText() + "." + domain;
            String value = row.findElement(DashboardBrowser.testId("record-content")).getText();
            if ("return_path".equals(row.getAttribute("data-purpose"))) {
                suite.dns.zone().cname(name, value);
            } else if (!"dmarc".equals(row.getAttribute("data-purpose"))) {
                suite.dns.zone().txt(name, value);
            }
        }
        browser.byTestId("verify-now").click();
        settle().until(d -> browser.byTestId("verify-result")
                .getText().contains("verified successfully"));
        assertEquals("verified", browser.byTestId("domain-status").getAttribute("data-status"));
        List<String> statuses = records().stream()
                .map(r -> r.findElement(DashboardBrowser.testId("record-status")).getAttribute("data-status")).toList();
        assertEquals(List.of("active", "active", "active", "failed"), statuses, "DMARC left out on purpose");
        assertTrue(browser.byTestId("rotate-keys").isEnabled(), "the standby key is published: rotation is ready");

        browser.byTestId("project-checkbox");
        browser.raw().findElement(By.xpath("//label[normalize-space()='" + project + "']")).click();
        browser.byTestId("save-projects").click();
        settle().until(d -> browser.byTestId("projects-saved")
                .getText().startsWith("Saved: 1 project"));
        browser.screenshot("domains-02-verified");
        violations.addAll(browser.accessibilityViolations(axe, "domain: verified"));

        browser.open("#/domains");
        browser.heading("Domains");
        browser.byTestId("domain-link");
        assertTrue(browser.raw().findElements(DashboardBrowser.testId("domain-link")).stream()
                .anyMatch(a -> a.getText().equals(domain)));
        browser.screenshot("domains-03-list");

        signedIn(PHONE_WIDTH, PHONE_HEIGHT);
        browser.byTestId("nav-domains").click();
        browser.heading("Domains");
        browser.byTestId("domain-link");
        browser.raw().findElements(DashboardBrowser.testId("domain-link")).stream()
                .filter(a -> a.getText().equals(domain)).findFirst().orElseThrow().click();
        browser.heading(domain);
        assertFalse(browser.scrollsHorizontally(), "the records fit the phone's width");
        browser.screenshot("domains-04-phone-records");
        violations.addAll(browser.accessibilityViolations(axe, "phone: domain records"));
        assertEquals(List.of(), violations, "axe-core violations");
    }

    /** A wait that looks again when the page re-rendered the element it had found. */
    private FluentWait<WebDriver> settle() {
        return new WebDriverWait(browser.raw(), Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class);
    }

    private List<WebElement> records() {
        browser.byTestId("dns-record");
        return browser.raw().findElements(DashboardBrowser.testId("dns-record"));
    }
}
