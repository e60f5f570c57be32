package org.mintpost.webhook.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.mintpost.webhook.messaging.RouteDirectory;

/** Ready only once the routes have caught up with {@code route-changes} as it was at start. */
@Readiness
@ApplicationScoped
public class RouteDirectoryReadiness implements HealthCheck {

    private final RouteDirectory routes;

    public RouteDirectoryReadiness(RouteDirectory routes) {
        this.routes = routes;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("route-directory").status(routes.isCaughtUp())
                .withData("routes", routes.size()).build();
    }
}
