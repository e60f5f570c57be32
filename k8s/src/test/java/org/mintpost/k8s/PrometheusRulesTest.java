package org.mintpost.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alerts in {@code monitoring/prometheus-rules.yaml}: their spec is valid Prometheus rules
 * ({@code promtool check rules}), each alert fires on the series it is meant for and stays quiet otherwise
 * ({@code promtool test rules} with {@code monitoring/prometheus-rules-test.yaml}), and each has a runbook
 * paragraph in docs/operations.md.
 */
class PrometheusRulesTest {

    private static final Path RULES = Manifests.k8sDir().resolve("monitoring/prometheus-rules.yaml");

    @TempDir
    static Path work;

    @BeforeAll
    static void writeSpec() throws IOException {
        // the PrometheusRule's spec (groups:) is a plain rules file, one indentation level in
        List<String> spec = new ArrayList<>();
        boolean in = false;
        for (String line : Files.readAllLines(RULES)) {
            if (in) {
                spec.add(line.startsWith("  ") ? line.substring(2) : line);
            }
            in |= line.equals("spec:");
        }
        Files.write(work.resolve("rules.yaml"), spec);
        Files.copy(RULES.resolveSibling("prometheus-rules-test.yaml"), work.resolve("prometheus-rules-test.yaml"));
    }

    @Test
    void theRulesAreValid() throws Exception {
        promtool("check", "rules", work.resolve("rules.yaml").toString());
    }

    @Test
    void everyAlertFiresWhenItShouldAndOnlyThen() throws Exception {
        promtool("test", "rules", work.resolve("prometheus-rules-test.yaml").toString());
    }

    @Test
    void everyAlertIsUnitTestedAndHasARunbook() throws IOException {
        String rules = Files.readString(RULES);
        String tests = Files.readString(RULES.resolveSibling("prometheus-rules-test.yaml"));
        String operations = Files.readString(Manifests.repoRoot().resolve("docs/operations.md"));
        Matcher alert = Pattern.compile("- alert: (\\w+)").matcher(rules);
        int alerts = 0;
        while (alert.find()) {
            alerts++;
            String name = alert.group(1);
            assertTrue(tests.contains("alertname: " + name), name + " has no promtool unit test");
            assertTrue(operations.contains("### " + name), name + " has no runbook paragraph in docs/operations.md");
        }
        assertEquals(6, alerts, "the six alerts of docs/operations.md");
    }

    private static void promtool(String... args) throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        if (!Files.isExecutable(promtool)) {
            fail("promtool is missing: apt-get install -y prometheus (Debian's package ships /usr/bin/promtool)");
        }
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        Path out = work.resolve("promtool.log");
        Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("promtool did not finish in 60 s");
        }
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + Files.readString(out));
    }
}
