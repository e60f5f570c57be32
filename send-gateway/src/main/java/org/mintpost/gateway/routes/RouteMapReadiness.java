package org.mintpost.gateway.routes;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only once the routes have caught up with {@code route-changes} as it was at start. */
@Readiness
@ApplicationScoped
public class RouteMapReadiness implements HealthCheck {

    private final RouteChangesReader reader;
    private final RouteMap routes;

    public RouteMapReadiness(RouteChangesReader reader, RouteMap routes) {
        this.reader = reader;
        this.routes = routes;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("route-map").status(reader.isCaughtUp()).withData("routes", routes.size())
                .build();
    }
}
