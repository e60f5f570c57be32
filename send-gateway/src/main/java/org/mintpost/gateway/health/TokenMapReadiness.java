package org.mintpost.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.mintpost.gateway.messaging.TokenChangesReader;
import org.mintpost.gateway.service.TokenMap;

/** Ready only once the token map has caught up with {@code token-changes} as it was at start. */
@Readiness
@ApplicationScoped
public class TokenMapReadiness implements HealthCheck {

    private final TokenChangesReader reader;
    private final TokenMap map;

    public TokenMapReadiness(TokenChangesReader reader, TokenMap map) {
        this.reader = reader;
        this.map = map;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("token-map")
                .status(reader.isCaughtUp())
                .withData("tokens", map.size())
                .build();
    }
}
