package org.mintpost.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.contracts.kafka.SendJobDeserializer;
import org.mintpost.gateway.support.GatewayTest;
import org.mintpost.gateway.support.Http;
import org.mintpost.gateway.support.TestTokens;
import org.mintpost.gateway.support.TopicTail;

import io.quarkus.test.common.http.TestHTTPResource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The official npm SDK ({@code lettermint} 2.7.0, installed with npm into {@code target/sdk-test})
 * driving {@code ping}, {@code send} and {@code sendBatch} against the running gateway.
 */
@GatewayTest
class SdkTest {

    @TestHTTPResource("/v1")
    URL base;

    @BeforeEach
    void ready() {
        Http.awaitReady();
    }

    @Test
    void officialSdkSendsPingsAndBatchesByChangingOnlyItsBaseUrl() throws Exception {
        Path dir = prepare();
        TestTokens.Issued project = TestTokens.project();
        TestTokens.Issued team = TestTokens.team(List.of("projects:read"));
        Http.awaitProjectToken(project.token());
        JsonObject out;
        try (TopicTail<SendJob> jobs = new TopicTail<>(Topics.SEND_JOBS, new SendJobDeserializer())) {
            out = new JsonObject(run(dir, Map.of("BASE_URL", base.toString(), "PROJECT_TOKEN", project.token(),
                    "TEAM_TOKEN", team.token(), "RUN_ID", UUID.randomUUID().toString()), "node", "drive.mjs"));

            assertEquals("pong", ok(out, "ping"));
            JsonObject sent = (JsonObject) ok(out, "send");
            assertEquals("pending", sent.getString("status"));
            JsonObject once = (JsonObject) ok(out, "idempotent1");
            assertEquals(once.getString("message_id"), ((JsonObject) ok(out, "idempotent2")).getString("message_id"));
            JsonArray batch = (JsonArray) ok(out, "batch");
            assertEquals(2, batch.size());

            List<ConsumerRecord<String, SendJob>> queued = jobs.collect(
                    r -> r.value().projectId().equals(project.projectId()), Duration.ofSeconds(3));
            assertEquals(4, queued.size(), "send + one idempotent send + a batch of two");
            SendJob job = queued.stream().filter(r -> r.value().messageId().equals(sent.getString("message_id")))
                    .findFirst().orElseThrow().value();
            assertEquals("Mintpost SDK <sdk@example.com>", job.content().from());
            assertEquals(Map.of("run", "sdk"), job.content().metadata());
            assertTrue(job.content().tags().stream().anyMatch(t -> t.name().equals("source")));
        }
        JsonObject invalid = out.getJsonObject("invalid");
        assertEquals(false, invalid.getBoolean("ok"));
        assertEquals("Validation error: validation_error", invalid.getString("message"));
        assertEquals(422, invalid.getInteger("status"));
        assertNotNull(invalid.getJsonObject("body").getJsonObject("errors").getJsonArray("from"));
        JsonObject badToken = out.getJsonObject("badToken");
        assertEquals(401, badToken.getInteger("status"));
        assertEquals("unauthenticated", badToken.getJsonObject("body").getString("error"));
        assertEquals("pong", ok(out, "teamPing"));
        JsonObject projects = (JsonObject) ok(out, "projects");
        assertEquals("token-service", projects.getString("server"), "the api client's calls are forwarded");
    }

    private static Object ok(JsonObject out, String name) {
        JsonObject entry = out.getJsonObject(name);
        assertNotNull(entry, name + " missing in " + out);
        assertTrue(entry.getBoolean("ok"), name + " failed: " + entry);
        return entry.getValue("value");
    }

    /** Copies the driver to target/sdk-test and installs the pinned SDK there with npm (once). */
    private static Path prepare() throws Exception {
        Path source = Path.of("src/test/sdk");
        Path dir = Path.of("target/sdk-test");
        Files.createDirectories(dir);
        for (String name : List.of("package.json", "drive.mjs")) {
            Files.copy(source.resolve(name), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        requireTool("node");
        requireTool("npm");
        if (!Files.exists(dir.resolve("node_modules/lettermint/package.json"))) {
            run(dir, Map.of(), "npm", "install", "--no-audit", "--no-fund", "--loglevel=error");
        }
        String installed = Files.readString(dir.resolve("node_modules/lettermint/package.json"));
        assertTrue(installed.contains("\"version\": \"2.7.0\""), "lettermint 2.7.0 expected");
        return dir;
    }

    private static void requireTool(String tool) {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return;
            }
        } catch (IOException | InterruptedException e) {
            // reported below
        }
        fail(tool + " is required for the official SDK test (install Node.js 18+ with npm); it was not found on PATH");
    }

    private static String run(Path dir, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().putAll(env);
        File log = Files.createTempFile("sdk-test", ".err").toFile();
        builder.redirectError(log);
        Process process = builder.start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " timed out");
        }
        if (process.exitValue() != 0) {
            fail(String.join(" ", command) + " failed: " + stdout + Files.readString(log.toPath()));
        }
        return stdout.trim();
    }
}
