package org.mintpost.token.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.StartupEvent;

/**
 * Fails the start when the edge's public key is configured as a local file that is not there: every
 * Team API call would otherwise fail at run time instead of being refused with a 401.
 */
@ApplicationScoped
public class JwtKeyCheck {

    private final String location;

    public JwtKeyCheck(@ConfigProperty(name = "mp.jwt.verify.publickey.location") String location) {
        this.location = location;
    }

    void check(@Observes @Priority(1) StartupEvent event) {
        Path file = localFile(location);
        if (file != null && !Files.isReadable(file)) {
            throw new IllegalStateException("the edge's JWT public key (mp.jwt.verify.publickey.location, env "
                    + "MP_JWT_VERIFY_PUBLICKEY_LOCATION) is not a readable file: " + file.toAbsolutePath()
                    + ". deploy/local/up.sh makes one; tests use test-support's JwtKeysResource.");
        }
    }

    /** The file a location names, or null for classpath, HTTP(S)/JWKS and other non-file locations. */
    static Path localFile(String location) {
        if (location == null || location.isBlank() || location.startsWith("classpath:")
                || location.startsWith("http:") || location.startsWith("https:")) {
            return null;
        }
        if (location.startsWith("file:")) {
            return Path.of(URI.create(location));
        }
        return location.contains(":") ? null : Path.of(location);
    }
}
