package org.mintpost.webhook.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.quarkus.logging.Log;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;

/**
 * Not ready while the edge's public key ({@code mp.jwt.verify.publickey.location}) cannot be read:
 * every request would fail, so no traffic should come here. Checked again on every probe until
 * it works, so a key mounted late is picked up without a restart.
 */
@Readiness
@ApplicationScoped
public class JwtKeyHealthCheck implements HealthCheck {

    private static final String NAME = "internal-jwt-key";

    private final Instance<JWTAuthContextInfo> contextInfo;
    private volatile boolean loaded;

    public JwtKeyHealthCheck(Instance<JWTAuthContextInfo> contextInfo) {
        this.contextInfo = contextInfo;
    }

    @Override
    public HealthCheckResponse call() {
        if (!loaded) {
            try {
                JWTAuthContextInfo info = contextInfo.get();
                loaded = info.getPublicKeyContent() != null || info.getPublicKeyLocation() != null
                        || info.getPublicVerificationKey() != null;
            } catch (RuntimeException e) {
                Log.warnf("the internal JWT public key cannot be read (mp.jwt.verify.publickey.location): %s",
                        e.getMessage());
                return HealthCheckResponse.named(NAME).down()
                        .withData("reason", "mp.jwt.verify.publickey.location cannot be read").build();
            }
        }
        return loaded ? HealthCheckResponse.up(NAME)
                : HealthCheckResponse.named(NAME).down().withData("reason", "no verification key configured").build();
    }
}
