package org.mintpost.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.common.utils.Exit;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.contracts.token.Permissions;
import org.mintpost.testing.JwtKeys;
import org.mintpost.testing.KafkaBroker;
import org.mintpost.testing.PostgresDatabase;

/**
 * The outbox crash test with real processes: the packaged service commits a change without
 * publishing it (started with {@code MINTPOST_OUTBOX_PUBLISH_ENABLED=false}), is killed with
 * SIGKILL, and a fresh process on the same database publishes the change to the real broker.
 */
class OutboxRestartIT {

    static final String DB = "mintpost_tokens_it";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aChangeCommittedBeforeAKillIsPublishedAfterTheRestart() throws Exception {
        Exit.setHaltProcedure((status, message) -> System.err.println("broker halt ignored: " + message));
        PostgresDatabase.recreate(DB);
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        Path logs = Files.createDirectories(Path.of("target/it-logs"));

        Process first = start("first", Map.of("MINTPOST_OUTBOX_PUBLISH_ENABLED", "false"), bootstrap, logs);
        String tokenId;
        try {
            int firstPort = ports.get(first);
            String jwt = JwtKeys.shared().teamCaller(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                    Permissions.ALL);
            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + firstPort + "/v1/projects"))
                    .header("Authorization", "Bearer " + jwt).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Killed\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, created.statusCode(), created.body());
            tokenId = firstProjectTokenId();
        } finally {
            first.destroyForcibly().waitFor();
        }
        assertEquals(1, unsent(tokenId), "committed, never published");

        try (TokenChangesProbe changes = new TokenChangesProbe()) {
            String id = tokenId;
            assertTrue(changes.forToken(id, Duration.ofSeconds(1)).isEmpty());
            Process second = start("second", Map.of(), bootstrap, logs);
            try {
                TokenChanged event = changes.await(e -> e.tokenId().equals(id), Duration.ofSeconds(60)).value();
                assertEquals(TokenChanged.CHANGE_CREATED, event.change());
                assertEquals("Default", event.name());
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (unsent(id) != 0 && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertEquals(0, unsent(id), "marked sent");
            } finally {
                second.destroy();
                second.waitFor();
            }
        }
    }

    private final Map<Process, Integer> ports = new HashMap<>();

    private Process start(String name, Map<String, String> extra, String kafka, Path logs) throws Exception {
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx192m", "-jar", "target/quarkus-app/quarkus-run.jar"))
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".log").toFile());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", PostgresDatabase.reactiveUrl(DB));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", PostgresDatabase.jdbcUrl(DB));
        env.put("QUARKUS_DATASOURCE_USERNAME", PostgresDatabase.USER);
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", JwtKeys.shared().publicKeyPem().toString());
        env.put("MINTPOST_BOOTSTRAP_TOKEN_FILE", "target/it-logs/bootstrap-team-token");
        env.putAll(extra);
        Process process = builder.start();
        ports.put(process, port);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited; see target/it-logs/" + name + ".log");
            }
            try {
                HttpResponse<String> live = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/q/health/live")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (live.statusCode() == 200) {
                    return process;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        process.destroyForcibly();
        throw new IllegalStateException(name + " did not start in time");
    }

    private static String firstProjectTokenId() throws Exception {
        try (var c = java.sql.DriverManager.getConnection(PostgresDatabase.jdbcUrl(DB), PostgresDatabase.USER, "");
                var s = c.createStatement();
                var r = s.executeQuery("select id from tokens.tokens where kind = 'project'")) {
            assertTrue(r.next(), "the project's token was committed");
            return r.getString(1);
        }
    }

    private static long unsent(String tokenId) throws Exception {
        try (var c = java.sql.DriverManager.getConnection(PostgresDatabase.jdbcUrl(DB), PostgresDatabase.USER, "");
                var s = c.prepareStatement("select count(*) from tokens.outbox where entity_id = ?::uuid "
                        + "and sent_at is null")) {
            s.setString(1, tokenId);
            try (var r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
