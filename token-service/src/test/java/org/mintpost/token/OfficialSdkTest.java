package org.mintpost.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.token.TokenFormat;
import org.mintpost.contracts.token.TokenKind;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.PostgresResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * The official npm SDK ({@code lettermint} 2.7.0, installed from the npm registry into
 * {@code target/sdk}) drives the projects surface directly against token-service. It sends its
 * token as {@code Authorization: Bearer}; here that bearer is the internal JWT the edge would forward.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "mintpost_tokens_test"))
@QuarkusTestResource(TestKafka.class)
@QuarkusTestResource(JwtKeysResource.class)
class OfficialSdkTest {

    static final Path DIR = Path.of("target/sdk");

    @BeforeAll
    static void installSdk() throws Exception {
        Files.createDirectories(DIR);
        Files.copy(Path.of("src/test/sdk/team-api.mjs"), DIR.resolve("team-api.mjs"),
                StandardCopyOption.REPLACE_EXISTING);
        if (!Files.isDirectory(DIR.resolve("node_modules/lettermint"))) {
            Files.writeString(DIR.resolve("package.json"), "{\"name\": \"token-service-sdk-test\", \"private\": true, "
                    + "\"type\": \"module\", \"dependencies\": {\"lettermint\": \"2.7.0\"}}\n");
            run(List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error"), Map.of(), 300);
        }
    }

    @Test
    void theSdkProjectsSurfaceWorksByChangingOnlyItsBaseUrl() throws Exception {
        TestApi api = TestApi.newTeam();
        String out = run(List.of("node", "team-api.mjs"), Map.of(
                "BASE_URL", "http://localhost:" + RestAssured.port + "/v1",
                "TOKEN", api.jwt()), 120);
        JsonPath r = JsonPath.from(out.lines().reduce((a, b) -> b).orElseThrow());

        assertEquals("Project created successfully.", r.getString("created.message"));
        assertTrue(TokenFormat.isValid(r.getString("created.api_token"), TokenKind.PROJECT));
        assertEquals(25, r.getString("createdShort.api_token").length(), "short_token: lm_ + 22");
        assertEquals(List.of("SDK one"), r.getList("page1.data.name"));
        assertEquals(List.of("SDK two"), r.getList("page2.data.name"));
        assertNull(r.getString("page2.next_cursor"));
        assertEquals("SDK one", r.getString("retrieved.name"));
        assertEquals(true, r.getBoolean("retrieved.smtp_enabled"));
        assertEquals("SDK renamed", r.getString("updated.data.name"));
        assertEquals(false, r.getBoolean("updated.data.smtp_enabled"));
        assertTrue(TokenFormat.isValid(r.getString("rotated.new_token"), TokenKind.PROJECT));
        assertNotEquals(r.getString("created.api_token"), r.getString("rotated.new_token"));
        assertEquals("Project deleted successfully.", r.getString("deleted.message"));
        assertEquals(404, r.getInt("notFound.status"));
        assertEquals("not_found", r.getString("notFound.body.error"));
        assertEquals(422, r.getInt("invalid.status"));
        assertTrue(r.getBoolean("invalid.validation"), "the SDK raised its ValidationError");
        assertTrue(r.getList("invalid.body.errors.name").size() >= 1);
        assertEquals("Route created successfully.", r.getString("route.message"));
        assertEquals("sdk", r.getString("route.data.slug"));
        assertEquals(List.of("broadcast", "sdk"), r.getList("routes.data.slug"));
        assertEquals(r.getString("route.data.id"), r.getString("routeRetrieved.id"));
        assertEquals("Route updated successfully.", r.getString("routeUpdated.message"));
        assertEquals(true, r.getBoolean("routeUpdated.data.settings.track_clicks"));
        assertEquals(422, r.getInt("defaultKept.status"));
        assertTrue(r.getBoolean("defaultKept.validation"), "the SDK raised its ValidationError");
        assertEquals(422, r.getInt("inbound.status"));
        assertEquals("Route deleted successfully.", r.getString("routeDeleted.message"));
        assertTrue(r.getList("blocked.extensions").contains("exe"));
        assertTrue(r.getList("blocked.mime_types").contains("application/x-msdownload"));
    }

    static String run(List<String> command, Map<String, String> env, int timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException(command.get(0) + " is needed for the SDK test (apt-get install nodejs npm)",
                    e);
        }
        boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " timed out: " + output);
        }
        assertEquals(0, process.exitValue(), () -> command + " failed: " + output);
        return output;
    }
}
