package org.mintpost.token.routes;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The routes API's JSON shapes, as the official SDK's {@code index.d.ts} and Lettermint's OpenAPI name them. */
public final class RouteDtos {

    private RouteDtos() {
    }

    /** The effective settings (the platform's defaults where the route sets nothing). */
    @Schema(name = "RouteSettingsData")
    public record SettingsData(boolean trackOpens, boolean trackClicks, boolean generatePlaintextFallback,
            boolean suppressAutoResponders, boolean suppressDisposableRecipients, String tls,
            boolean disableHostedUnsubscribe, boolean redactEmailContent) {
    }

    @Schema(name = "RouteData")
    public record RouteData(String id, String projectId, String slug, String name, String routeType,
            boolean isDefault, String inboundAddress, String inboundDomain, Instant inboundDomainVerifiedAt,
            Double inboundSpamThreshold, SettingsData settings, int webhooksCount, int suppressedRecipientsCount,
            Instant createdAt, Instant updatedAt) {
    }

    @Schema(name = "RouteListData")
    public record RouteListData(String id, String slug, String name, String routeType, boolean isDefault,
            int webhooksCount, int suppressedRecipientsCount, Instant createdAt, Instant updatedAt) {
    }

    @Schema(name = "RouteIndexResponse")
    public record RouteIndex(List<RouteListData> data, String path, int perPage, String nextCursor,
            String nextPageUrl, String prevCursor, String prevPageUrl) {
    }

    @Schema(name = "RouteStoreResponse")
    public record RouteEnvelope(RouteData data, String message) {
    }

    @Schema(name = "StoreRouteData")
    public record StoreRoute(@Schema(required = true, maxLength = 255) String name,
            @Schema(required = true, enumeration = {"transactional", "broadcast", "inbound"}) String routeType,
            @Schema(maxLength = 100) String slug) {
    }

    @Schema(name = "UpdateRouteData")
    public record UpdateRoute(@Schema(maxLength = 255) String name, RouteInputs.Settings settings,
            Object inboundSettings) {
    }

    public static RouteData data(Route r) {
        return new RouteData(r.id.toString(), r.projectId.toString(), r.slug, r.name, r.routeType, r.isDefault, null,
                null, null, null, settings(r), 0, 0, r.createdAt, r.updatedAt);
    }

    static RouteListData listItem(Route r) {
        return new RouteListData(r.id.toString(), r.slug, r.name, r.routeType, r.isDefault, 0, 0, r.createdAt,
                r.updatedAt);
    }

    private static SettingsData settings(Route r) {
        return new SettingsData(on(r.trackOpens), on(r.trackClicks), on(r.generatePlaintextFallback),
                on(r.suppressAutoResponders), on(r.suppressDisposableRecipients),
                r.tls == null ? "opportunistic" : r.tls, on(r.disableHostedUnsubscribe), on(r.redactEmailContent));
    }

    private static boolean on(Boolean value) {
        return Boolean.TRUE.equals(value);
    }
}
