package org.mintpost.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.mintpost.gateway.smtp.SmtpRelay;

/** Ready when the SMTP relay is off or its ports are open (they open once the token map is ready). */
@Readiness
@ApplicationScoped
public class SmtpReadiness implements HealthCheck {

    private final SmtpRelay relay;

    public SmtpReadiness(SmtpRelay relay) {
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("smtp-relay").status(relay.healthy());
        if (relay.running()) {
            builder.withData("starttls_ports", relay.starttlsPorts().toString());
            relay.tlsPort().ifPresent(port -> builder.withData("tls_port", port));
        }
        relay.failure().ifPresent(reason -> builder.withData("failure", reason));
        return builder.build();
    }
}
