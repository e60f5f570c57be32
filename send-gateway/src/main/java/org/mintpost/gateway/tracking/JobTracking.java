package org.mintpost.gateway.tracking;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.EmailContent;
import org.mintpost.contracts.event.RouteChanged;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.gateway.routes.RouteMap;

/**
 * The effective tracking settings a job carries to the worker: the route's settings as defaults, the message's
 * {@code settings.track_opens} / {@code track_clicks} over them; hosted unsubscribe headers on broadcast routes
 * unless the route disables them.
 */
@ApplicationScoped
public class JobTracking {

    private final RouteMap routes;

    public JobTracking(RouteMap routes) {
        this.routes = routes;
    }

    /** Null when there is nothing for the worker to do. */
    public SendJob.Tracking of(String routeId, EmailContent.Settings message) {
        RouteMap.Route route = routes.byId(routeId);
        RouteChanged.Settings s = route == null ? null : route.settings();
        boolean opens = on(s == null ? null : s.trackOpens());
        boolean clicks = on(s == null ? null : s.trackClicks());
        if (message != null && message.trackOpens() != null) {
            opens = message.trackOpens();
        }
        if (message != null && message.trackClicks() != null) {
            clicks = message.trackClicks();
        }
        boolean broadcast = route != null && RouteChanged.TYPE_BROADCAST.equals(route.routeType());
        boolean unsubscribe = broadcast && !on(s == null ? null : s.disableHostedUnsubscribe());
        boolean plaintext = on(s == null ? null : s.generatePlaintextFallback());
        SendJob.Tracking tracking = new SendJob.Tracking(opens, clicks, unsubscribe, plaintext);
        return tracking.any() ? tracking : null;
    }

    /**
     * The job with its route's {@code tls} setting ({@code enforced}: the worker delivers over verified TLS or not
     * at all, in direct mode); unchanged when the route is unknown or says nothing.
     */
    public SendJob routed(SendJob job) {
        RouteMap.Route route = routes.byId(job.routeId());
        String tls = route == null || route.settings() == null ? null : route.settings().tls();
        return tls == null ? job : job.withTls(tls);
    }

    private static boolean on(Boolean b) {
        return Boolean.TRUE.equals(b);
    }
}
