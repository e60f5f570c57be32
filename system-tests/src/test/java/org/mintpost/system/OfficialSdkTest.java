package org.mintpost.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;

/**
 * The official npm SDK ({@code lettermint} 2.x, installed from the npm registry by this test) against
 * the running suite with only its {@code baseUrl} changed: team API, ping, send with an idempotency
 * key, batch, and a validation error it can parse.
 */
class OfficialSdkTest {

    static Suite suite;
    static Path sdkDir;

    @BeforeAll
    static void installSdk() throws Exception {
        suite = Suite.shared();
        sdkDir = suite.work.resolve("sdk");
        Files.createDirectories(sdkDir);
        for (String file : List.of("package.json", "official-sdk.mjs", "domains-sdk.mjs", "routes-sdk.mjs",
                "suppressions-sdk.mjs", "webhooks-sdk.mjs", "messages-sdk.mjs", "tracking-sdk.mjs",
                "keyless-sdk.mjs", "schedule-sdk.mjs", "sandbox-sdk.mjs", "redact-sdk.mjs", "team-sdk.mjs")) {
            Files.copy(Path.of("src/test/sdk", file), sdkDir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(sdkDir.resolve("node_modules/lettermint"))) {
            run(List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error"), Map.of(), 300);
        }
    }

    @Test
    void theOfficialSdkWorksByChangingOnlyItsBaseUrl() throws Exception {
        String subject = "SDK " + UUID.randomUUID();
        String out = run(List.of("node", "official-sdk.mjs"), Map.of(
                "BASE_URL", suite.baseUrl(),
                "TEAM_TOKEN", suite.teamToken(),
                "TO", "bob@example.org",
                "SUBJECT", subject), 120);
        JsonPath result = JsonPath.from(out.lines().reduce((a, b) -> b).orElseThrow());

        assertEquals("pong", result.getString("teamPing"));
        assertEquals("pong", result.getString("projectPing"));
        assertEquals("SDK project", result.getString("fetchedName"));
        assertEquals("pending", result.getString("sent.status"));
        assertEquals(result.getString("sent.message_id"), result.getString("again.message_id"),
                "same Idempotency-Key and body give the same message id");
        assertEquals(2, result.getList("batch").size());
        assertNotEquals(result.getString("batch[0].message_id"), result.getString("batch[1].message_id"));
        assertEquals(422, result.getInt("validation.status"));
        assertEquals("validation_error", result.getString("validation.body.error"));
        assertTrue(result.getMap("validation.body.errors").containsKey("from"), "the error names the field");

        suite.awaitMail(subject);
        suite.awaitMail(subject + " (batch 1)");
        suite.awaitMail(subject + " (batch 2)");
        assertEquals(1, suite.mailsWithSubject(subject).size(), "the idempotent retry did not send a second mail");
    }

    static String run(List<String> command, Map<String, String> env, int timeoutSeconds) throws IOException,
            InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(sdkDir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException(command.get(0) + " is needed for the SDK test (apt-get install nodejs npm)", e);
        }
        boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " timed out: " + output);
        }
        assertTrue(process.exitValue() == 0, () -> command + " failed: " + output);
        return output;
    }
}
