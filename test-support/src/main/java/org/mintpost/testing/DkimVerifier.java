package org.mintpost.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An independent DKIM verifier for tests: the npm package {@code mailauth} (postalsys, used by real mail
 * servers), run with Node, asking a test {@link DnsServer} for the published keys. Installed once per
 * checkout into {@code target/dkim-verifier} (npm must be on the PATH, as for the SDK tests).
 */
public final class DkimVerifier {

    /** One signature's verdict: {@code pass}, {@code fail}, {@code neutral}, {@code temperror}, {@code permerror}. */
    public record Result(String result, String domain, String selector, String info) {
    }

    private static final Path DIR = Path.of("target/dkim-verifier");
    private static final ObjectMapper JSON = new ObjectMapper();

    private DkimVerifier() {
    }

    /** Every DKIM signature of {@code message} (the bytes as received), checked against {@code dnsServer}. */
    public static synchronized List<Result> verify(byte[] message, String dnsServer) {
        try {
            install();
            Path file = Files.createTempFile(DIR, "message-", ".eml");
            try {
                Files.write(file, message);
                String out = run(List.of("node", "verify.mjs", file.toAbsolutePath().toString()), dnsServer, 60);
                String last = out.strip().lines().reduce((a, b) -> b).orElse("{}");
                List<Result> results = new ArrayList<>();
                for (JsonNode r : JSON.readTree(last).path("results")) {
                    results.add(new Result(r.path("result").asText(null), r.path("domain").asText(null),
                            r.path("selector").asText(null), r.path("info").asText(null)));
                }
                return results;
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new IllegalStateException("the DKIM verifier could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void install() throws IOException, InterruptedException {
        Files.createDirectories(DIR);
        for (String name : List.of("package.json", "verify.mjs")) {
            try (InputStream in = DkimVerifier.class.getResourceAsStream("dkim/" + name)) {
                Files.copy(in, DIR.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (!Files.isDirectory(DIR.resolve("node_modules/mailauth"))) {
            run(List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error"), null, 300);
        }
    }

    private static String run(List<String> command, String dnsServer, int seconds)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true);
        if (dnsServer != null) {
            builder.environment().put("DNS_SERVER", dnsServer);
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException(command.get(0) + " is needed for the DKIM verifier (apt-get install nodejs "
                    + "npm)", e);
        }
        boolean finished = process.waitFor(seconds, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " failed: " + output);
        }
        return output;
    }
}
