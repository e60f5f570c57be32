package org.mintpost.token.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.mintpost.token.messaging.OutboxRelay;

/**
 * Ready while the outbox relay publishes: down when its rounds have failed for longer than a minute
 * (Kafka unreachable), since token changes would then not reach the gateways.
 */
@Readiness
@ApplicationScoped
public class OutboxHealthCheck implements HealthCheck {

    static final long FAILING_FOR_MILLIS = 60_000;

    private final OutboxRelay relay;

    public OutboxHealthCheck(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        long failingSince = relay.lastRoundFailedAt();
        boolean up = failingSince == 0 || System.currentTimeMillis() - failingSince < FAILING_FOR_MILLIS;
        return HealthCheckResponse.named("token-changes outbox")
                .status(up)
                .withData("pending_rows", relay.pendingRows())
                .build();
    }
}
