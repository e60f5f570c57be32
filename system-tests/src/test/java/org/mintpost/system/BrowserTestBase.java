package org.mintpost.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

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
        axe = installAxe(suite.work.resolve("a11y"));
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    /** axe-core's browser bundle, installed from npm (src/test/a11y/package.json) like the SDK test's package. */
    static String installAxe(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.copy(Path.of("src/test/a11y/package.json"), dir.resolve("package.json"), StandardCopyOption.REPLACE_EXISTING);
            Path bundle = dir.resolve("node_modules/axe-core/axe.min.js");
            if (!Files.exists(bundle)) {
                Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error")
                        .directory(dir.toFile()).redirectErrorStream(true).start();
                boolean finished = npm.waitFor(300, TimeUnit.SECONDS);
                String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!finished || npm.exitValue() != 0) {
                    npm.destroyForcibly();
                    throw new IllegalStateException("npm install of axe-core failed: " + output);
                }
            }
            return Files.readString(bundle);
        } catch (IOException e) {
            throw new IllegalStateException("npm is needed for the accessibility audit (apt-get install nodejs npm)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
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
