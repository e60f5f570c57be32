package org.mintpost.webhook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Checks received webhooks with the official SDK's own {@code Webhook} class in Node ({@code lettermint@2.7.0},
 * installed into {@code target/sdk} with npm the first time).
 */
public final class SdkVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIR = Path.of("target/sdk");

    private SdkVerifier() {
    }

    /** One result per request: {@code ok} and the {@code event} (or the SDK's {@code error}). */
    public static List<Map<String, Object>> verify(String secret, List<Receiver.Request> requests) throws Exception {
        install();
        List<Map<String, Object>> items = new ArrayList<>();
        for (Receiver.Request r : requests) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("secret", secret);
            item.put("headers", r.headers());
            item.put("body", Base64.getEncoder().encodeToString(r.body()));
            items.add(item);
        }
        Path input = Files.createTempFile(DIR, "received", ".json");
        Files.writeString(input, JSON.writeValueAsString(items));
        try {
            String out = run(List.of("node", "verify.cjs", input.toAbsolutePath().toString()), 60);
            String last = out.lines().reduce((a, b) -> b).orElseThrow();
            return JSON.readValue(last, new TypeReference<List<Map<String, Object>>>() { });
        } finally {
            Files.deleteIfExists(input);
        }
    }

    private static synchronized void install() throws Exception {
        Files.createDirectories(DIR);
        for (String file : List.of("package.json", "verify.cjs")) {
            Files.copy(Path.of("src/test/sdk", file), DIR.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(DIR.resolve("node_modules/lettermint"))) {
            run(List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error"), 300);
        }
    }

    private static String run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " timed out");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(command + " failed: " + output);
        }
        return output;
    }
}
