package org.mintpost.contracts.api;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InternalJwtKeyCheckTest {

    @TempDir
    Path dir;

    @Test
    void aMissingKeyFileIsNotReadyAndSaysWhichKeyAndWhere() {
        Path missing = dir.resolve("jwt-public.pem");
        for (String location : new String[] { missing.toString(), missing.toUri().toString() }) {
            HealthCheckResponse response = new InternalJwtKeyCheck(Optional.of(location)).call();
            assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
            assertThat(response.getData().orElseThrow().get("reason").toString(),
                    containsString("MP_JWT_VERIFY_PUBLICKEY_LOCATION"));
        }
        assertEquals(HealthCheckResponse.Status.DOWN, new InternalJwtKeyCheck(Optional.empty()).call().getStatus());
    }

    @Test
    void aReadableFileOrANonFileLocationIsReady() throws Exception {
        Path key = Files.writeString(dir.resolve("jwt-public.pem"), "-----BEGIN PUBLIC KEY-----");
        for (String location : new String[] { key.toString(), key.toUri().toString(), "classpath:keys/pub.pem",
                "https://edge.example/jwks" }) {
            assertEquals(HealthCheckResponse.Status.UP, new InternalJwtKeyCheck(Optional.of(location)).call().getStatus(),
                    location);
        }
    }

    @Test
    void aKeyMountedLateIsPickedUpWithoutARestart() throws Exception {
        Path key = dir.resolve("late.pem");
        InternalJwtKeyCheck check = new InternalJwtKeyCheck(Optional.of(key.toString()));
        assertEquals(HealthCheckResponse.Status.DOWN, check.call().getStatus());
        Files.writeString(key, "-----BEGIN PUBLIC KEY-----");
        assertEquals(HealthCheckResponse.Status.UP, check.call().getStatus());
    }
}
