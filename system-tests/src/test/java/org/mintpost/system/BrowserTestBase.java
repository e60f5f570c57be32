package org.mintpost.system;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * What every dashboard page's browser test shares: the packaged suite, where screenshots go, the axe-core script,
 * and a headless Chromium signed in with the suite's team token, closed after each test.
 */
abstract class BrowserTestBase {

    static final int DESKTOP_WIDTH = 1280;
    static final int DESKTOP_HEIGHT = 900;
    static final int PHONE_WIDTH = 390;
    static final int PHONE_HEIGHT = 844;

    static Suite suite;
    static Path screenshots;
    static String axe;
    DashboardBrowser browser;

    @BeforeAll
    static void startSuite() {
        suite = Suite.shared();
        screenshots = Path.of(System.getProperty("mintpost.root", "..")).toAbsolutePath().normalize()
                .resolve("system-tests/target/screenshots");
        axe = DashboardBrowserTest.installAxe(suite.work.resolve("a11y"));
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    /** A new browser window of this size (the previous one closed), signed in, on the Projects page. */
    DashboardBrowser signedIn(int width, int height) throws IOException {
        closeBrowser();
        browser = new DashboardBrowser(suite.gateway().baseUrl(), screenshots, width, height);
        browser.open("");
        browser.signIn(suite.teamToken());
        browser.heading("Projects");
        return browser;
    }
}
