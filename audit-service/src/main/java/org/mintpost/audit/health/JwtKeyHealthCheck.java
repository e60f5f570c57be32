package org.mintpost.audit.health;

import java.util.Optional;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.Readiness;
import org.mintpost.contracts.api.InternalJwtKeyCheck;

/** Not ready while the edge's public key for the internal JWT cannot be read ({@link InternalJwtKeyCheck}). */
@Readiness
@Singleton
public class JwtKeyHealthCheck extends InternalJwtKeyCheck {

    public JwtKeyHealthCheck(@ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> location) {
        super(location);
    }
}
