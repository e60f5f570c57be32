package org.mintpost.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard as a person sees it, driven in Debian's headless Chromium through Debian's
 * chromedriver (no browser download). Each method is one thing a person does on the page;
 * {@link #screenshot(String)} saves what the page looks like to {@code system-tests/target/screenshots/}.
 */
final class DashboardBrowser implements AutoCloseable {

    static final String CHROMIUM = System.getProperty("mintpost.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("mintpost.chromedriver", "/usr/bin/chromedriver");

    final ChromeDriver driver;
    final WebDriverWait wait;
    final String dashboardUrl;
    private final Path screenshots;
    private final Path profile;

    DashboardBrowser(String origin, Path screenshots, int width, int height) throws IOException {
        for (String binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(Path.of(binary))) {
                throw new IllegalStateException(binary + " is missing: apt-get install -y chromium chromium-driver "
                        + "(./run-tests.sh installs them)");
            }
        }
        this.dashboardUrl = origin + "/dashboard/";
        this.screenshots = screenshots;
        Files.createDirectories(screenshots);
        profile = Files.createTempDirectory("mintpost-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height,
                "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(width, height));
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    void open(String hash) {
        driver.get(dashboardUrl + hash);
    }

    /** Waits until the page's h1 reads exactly {@code text}. */
    WebElement heading(String text) {
        wait.until(ExpectedConditions.textToBe(By.cssSelector("main h1"), text));
        return driver.findElement(By.cssSelector("main h1"));
    }

    WebElement byTestId(String id) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(testId(id)));
    }

    static By testId(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    WebElement dialog(String id) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("dialog[open][data-testid='" + id + "']")));
    }

    void waitDialogClosed() {
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("dialog[open]"), 0));
    }

    WebElement active() {
        return driver.switchTo().activeElement();
    }

    void signIn(String credential) {
        WebElement field = byTestId("signin-token");
        field.clear();
        field.sendKeys(credential);
        byTestId("signin-submit").click();
    }

    /**
     * Selects a project on the Projects page, following "Next page" while it is not on the current
     * page (other tests of the same team create projects too).
     */
    void selectProject(String name) {
        heading("Projects");
        for (int page = 0; page < 50; page++) {
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='project-row'], [data-testid='projects-empty']")));
            List<WebElement> links = driver.findElements(By.linkText(name));
            if (!links.isEmpty()) {
                wait.until(ExpectedConditions.elementToBeClickable(links.get(0))).click();
                return;
            }
            List<WebElement> next = driver.findElements(By.xpath("//button[normalize-space()='Next page']"));
            if (next.isEmpty()) {
                throw new AssertionError("project '" + name + "' is on no page of the Projects list");
            }
            WebElement firstRow = driver.findElement(By.cssSelector("[data-testid='project-row']"));
            next.get(0).click();
            wait.until(ExpectedConditions.stalenessOf(firstRow));
        }
        throw new AssertionError("project '" + name + "' not found within 50 pages");
    }

    /** The error text shown next to the field whose data-testid is {@code fieldTestId}. */
    String fieldError(String fieldTestId) {
        WebElement input = driver.findElement(testId(fieldTestId));
        String describedBy = input.getAttribute("aria-describedby");
        for (String id : describedBy.split(" ")) {
            WebElement el = driver.findElement(By.id(id));
            if (el.getAttribute("class").contains("field-error") && el.isDisplayed()) {
                return el.getText();
            }
        }
        return "";
    }

    String alertText() {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("main [role='alert'], dialog[open] [role='alert']")))
                .getText();
    }

    /** The token list's row for the token named {@code name}. */
    WebElement tokenRow(String name) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("tr[data-testid='token-row'][data-token-name='" + name + "']")));
    }

    String cell(WebElement row, String testId) {
        return row.findElement(testId(testId)).getText().trim();
    }

    /** Clicks Refresh until {@code condition} holds for the token row (the list does not poll by itself). */
    WebElement refreshUntil(String name, Function<WebElement, Boolean> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                WebElement row = tokenRow(name);
                if (condition.apply(row)) {
                    return row;
                }
            } catch (StaleElementReferenceException e) {
                // the list re-rendered between the lookup and the read
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("token row '" + name + "' did not reach the expected state within " + timeout);
            }
            sleep(500);
            WebElement refresh = byTestId("refresh-tokens");
            wait.until(ExpectedConditions.elementToBeClickable(refresh)).click();
            wait.until(ExpectedConditions.elementToBeClickable(testId("refresh-tokens")));
        }
    }

    /** Opens a token's actions menu by keyboard and picks an item (Enter, arrow keys, Enter). */
    void tokenActionByKeyboard(String name, String item) {
        WebElement button = tokenRow(name).findElement(testId("token-actions"));
        button.sendKeys(Keys.ENTER);
        WebElement menu = driver.findElement(By.id(button.getAttribute("aria-controls")));
        wait.until(ExpectedConditions.visibilityOf(menu));
        List<WebElement> items = menu.findElements(By.cssSelector("[role='menuitem']"));
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).getText().equals(item)) {
                for (int step = 0; step < i; step++) {
                    active().sendKeys(Keys.ARROW_DOWN);
                }
                if (!active().getText().equals(item)) {
                    throw new AssertionError("arrow keys moved focus to '" + active().getText() + "', not '" + item + "'");
                }
                active().sendKeys(Keys.ENTER);
                return;
            }
        }
        throw new AssertionError("no menu item '" + item + "' for token '" + name + "'");
    }

    /** Opens a token's actions menu with the mouse and picks an item. */
    void tokenActionByMouse(String name, String item) {
        WebElement button = tokenRow(name).findElement(testId("token-actions"));
        button.click();
        WebElement menu = driver.findElement(By.id(button.getAttribute("aria-controls")));
        wait.until(ExpectedConditions.visibilityOf(menu));
        menu.findElements(By.cssSelector("[role='menuitem']")).stream()
                .filter(e -> e.getText().equals(item)).findFirst()
                .orElseThrow(() -> new AssertionError("no menu item '" + item + "'"))
                .click();
    }

    void select(String testId, String visibleText) {
        new Select(byTestId(testId)).selectByVisibleText(visibleText);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /**
     * Runs axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on the page as it is now and returns its
     * violations as readable lines ("rule (impact): help — selectors"), each prefixed with {@code step}.
     */
    List<String> accessibilityViolations(String axeSource, String step) {
        if (!Boolean.TRUE.equals(js("return typeof window.axe === 'object';"))) {
            js(axeSource);
        }
        Object result = driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
                    .then((r) => done(r.violations.map((v) => v.id + ' (' + v.impact + '): ' + v.help + ' — '
                        + v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', '))))
                    .catch((e) => done(['axe failed: ' + e]));
                """);
        return ((List<?>) result).stream().map(v -> step + ": " + v).toList();
    }

    /** True when the page, or an open dialog, is wider than its box (a horizontal scrollbar). */
    boolean scrollsHorizontally() {
        Object result = js("const wide = (el) => el.scrollWidth > el.clientWidth + 1;"
                + "return wide(document.documentElement) || [...document.querySelectorAll('dialog[open]')].some(wide);");
        return Boolean.TRUE.equals(result);
    }

    Path screenshot(String name) {
        Path target = screenshots.resolve(name + ".png");
        try {
            Path file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new IllegalStateException("could not save screenshot " + target, e);
        }
        return target;
    }

    WebDriver raw() {
        return driver;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temp profile left behind is harmless
            }
        }
    }
}
