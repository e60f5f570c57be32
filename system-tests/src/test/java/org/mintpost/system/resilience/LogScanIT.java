package org.mintpost.system.resilience;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.token.TokenFormat;

/**
 * Runs last: after the fault-injection run, the authorization matrix, the fuzzing and the brute force
 * (all of which present real and forged tokens), no service log of the run holds a token secret. A
 * match of the secret scanners' pattern counts only if its checksum is valid ({@code TokenFormat.isValid}):
 * display forms ({@code lm_AbCd…x9Zq}) and random garbage are not secrets.
 */
@Order(100)
class LogScanIT {

    static final Pattern SECRET = Pattern.compile(TokenFormat.SCANNER_PATTERN);
    /** webhook-service's signing secrets: {@code whsec_} and 43 base64url characters. */
    static final Pattern WEBHOOK_SECRET = Pattern.compile("whsec_[A-Za-z0-9_-]{43}");

    @Test
    void noServiceLogOfTheRunHoldsATokenSecret() throws IOException {
        ResilienceEnv env = ResilienceEnv.shared();
        Path logs = env.suite.logs;
        List<Path> files;
        try (Stream<Path> list = Files.list(logs)) {
            files = list.filter(p -> p.toString().endsWith(".log")).toList();
        }
        assertTrue(files.stream().anyMatch(p -> p.getFileName().toString().startsWith("send-gateway")),
                "the gateway's log is among the scanned files: " + files);
        List<String> found = new ArrayList<>();
        long bytes = 0;
        for (Path file : files) {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            bytes += text.length();
            found.addAll(secretsIn(text).stream().map(s -> file.getFileName() + ": " + TokenFormat.display(s)).toList());
            if (WEBHOOK_SECRET.matcher(text).find()) {
                found.add(file.getFileName() + ": a webhook signing secret (whsec_…)");
            }
        }
        System.out.printf("LOG SCAN: %d files, %d characters, %d token secrets%n", files.size(), bytes, found.size());
        assertTrue(bytes > 10_000, "the logs are not empty");
        assertFalse(!found.isEmpty(), "token secrets in service logs: " + found);
    }

    /** Whether the scan itself works: a real secret in a text is found, a display form is not. */
    @Test
    void theScanFindsARealSecretAndIgnoresDisplayForms() {
        String secret = TokenFormat.newProjectToken();
        String text = "INFO accepted token " + TokenFormat.display(secret) + " and then by mistake " + secret + ".";
        List<String> found = secretsIn(text);
        assertTrue(found.contains(secret), "found the real secret");
        assertTrue(secretsIn("INFO accepted token " + TokenFormat.display(secret) + " lm_notAToken12345678901234567")
                .isEmpty(), "display forms and invalid checksums are not secrets");
    }

    static List<String> secretsIn(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = SECRET.matcher(text);
        while (m.find()) {
            // the pattern stops at 40 characters; a longer run of base62 is tried whole too
            int end = m.end();
            while (end < text.length() && Character.isLetterOrDigit(text.charAt(end)) && text.charAt(end) < 128) {
                end++;
            }
            String whole = text.substring(m.start(), end);
            if (TokenFormat.isValid(m.group()) || TokenFormat.isValid(whole)) {
                found.add(TokenFormat.isValid(whole) ? whole : m.group());
            }
        }
        return found;
    }
}
