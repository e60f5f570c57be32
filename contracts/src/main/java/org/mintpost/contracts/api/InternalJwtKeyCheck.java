package org.mintpost.contracts.api;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Not ready while the edge's public key ({@code mp.jwt.verify.publickey.location}) is missing or names a local
 * file that cannot be read: every request would be refused, so no traffic should come here. Checked on every
 * probe, so a key mounted late is picked up without a restart. Each service that verifies the edge's internal
 * JWT makes it a readiness check by extending it ({@code health/JwtKeyHealthCheck}).
 */
public class InternalJwtKeyCheck implements HealthCheck {

    private static final String NAME = "internal-jwt-key";

    private final Optional<String> location;

    public InternalJwtKeyCheck(Optional<String> location) {
        this.location = location.filter(l -> !l.isBlank());
    }

    @Override
    public HealthCheckResponse call() {
        if (location.isEmpty()) {
            return down("no key configured: set mp.jwt.verify.publickey.location"
                    + " (env MP_JWT_VERIFY_PUBLICKEY_LOCATION)");
        }
        Path file = localFile(location.get());
        if (file != null && !Files.isReadable(file)) {
            return down("mp.jwt.verify.publickey.location (env MP_JWT_VERIFY_PUBLICKEY_LOCATION) is not a"
                    + " readable file: " + file.toAbsolutePath() + "; deploy/local/up.sh makes one, k8s/ mounts it from a Secret");
        }
        return HealthCheckResponse.up(NAME);
    }

    private static HealthCheckResponse down(String reason) {
        return HealthCheckResponse.named(NAME).down().withData("reason", reason).build();
    }

    /** The file a location names, or null for classpath, HTTP(S)/JWKS and other non-file locations. */
    static Path localFile(String location) {
        if (location.startsWith("classpath:") || location.startsWith("http:") || location.startsWith("https:")) {
            return null;
        }
        if (location.startsWith("file:")) {
            return Path.of(URI.create(location));
        }
        return location.contains(":") ? null : Path.of(location);
    }
}
