package org.mintpost.gateway.domains;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only once the sending domains have caught up with {@code domain-changes} as it was at start. */
@Readiness
@ApplicationScoped
public class DomainMapReadiness implements HealthCheck {

    private final DomainChangesReader reader;
    private final SendingDomains domains;

    public DomainMapReadiness(DomainChangesReader reader, SendingDomains domains) {
        this.reader = reader;
        this.domains = domains;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("domain-map").status(reader.isCaughtUp()).withData("domains", domains.size())
                .build();
    }
}
