package org.mintpost.token.routes;

/** Route requests as read from JSON (types checked; values not yet validated). */
public final class RouteInputs {

    private RouteInputs() {
    }

    public record NewRoute(String name, String routeType, String slug) {
    }

    /** {@code UpdateRouteSettingsData}: a null field is left as it is. */
    public record Settings(Boolean trackOpens, Boolean trackClicks, Boolean generatePlaintextFallback,
            Boolean suppressAutoResponders, Boolean suppressDisposableRecipients, String tls,
            Boolean disableHostedUnsubscribe, Boolean redactEmailContent) {
    }

    /** {@code UpdateRouteData}; {@code inboundSettings}: the request carried inbound settings. */
    public record Changes(String name, Settings settings, boolean inboundSettings) {
    }
}
