package org.mintpost.gateway.routes;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.SendJob;

/**
 * How a message's route and project want it handled, as {@code route-changes} published them: the project's
 * {@code delivery_mode} (a sandbox message gets no SMTP transaction and ends in its {@code sandbox_result}) and
 * {@code redact_email_content} (the route's or the project's: its content is never kept). A message without a known
 * route follows its project's default route; without any, it is live and kept.
 */
@ApplicationScoped
public class RouteModes {

    /**
     * @param deliveryMode  {@code live} or {@code sandbox}
     * @param sandboxResult the outcome a sandbox message ends in (the request's, else {@code delivered}); null when
     *                      live
     */
    public record Mode(String deliveryMode, String sandboxResult, boolean redacted) {

        public boolean sandbox() {
            return SendJob.SANDBOX.equals(deliveryMode);
        }
    }

    private final RouteMap routes;

    public RouteModes(RouteMap routes) {
        this.routes = routes;
    }

    /** @param requested the request's {@code sandbox_result} (validated), or null */
    public Mode of(String projectId, String routeId, String requested) {
        RouteMap.Route route = routes.byId(routeId);
        if (route == null && projectId != null) {
            route = routes.defaultOf(projectId);
        }
        if (route == null) {
            return new Mode(SendJob.LIVE, null, false);
        }
        if (!route.sandbox()) {
            return new Mode(SendJob.LIVE, null, route.redacted());
        }
        return new Mode(SendJob.SANDBOX, requested == null ? "delivered" : requested, route.redacted());
    }
}
