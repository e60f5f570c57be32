package org.mintpost.gateway.tracking;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.tracking.TrackingId;
import org.mintpost.gateway.service.ClientIpResolver;

import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The public tracking endpoints, answered from the signed id alone (no database, no waiting on Kafka for opens and
 * clicks): {@code /t/o/{id}} the open pixel, {@code /t/c/{id}} a 302 to the link the id names, {@code /u/{id}} the
 * hosted unsubscribe page (GET changes nothing) and its RFC 8058 one-click / confirm button (POST). An id that does
 * not verify is 404 and redirects nowhere.
 */
@Path("/")
public class TrackingResource {

    /** A transparent 1×1 GIF. */
    static final byte[] PIXEL = Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    private final byte[] key;
    private final Duration clickWindow;
    private final HitPublisher hits;
    private final ClientIpResolver ips;

    public TrackingResource(TrackingConfig config, HitPublisher hits, ClientIpResolver ips) {
        this.key = config.key().filter(k -> !k.isBlank()).map(TrackingId::key).orElse(null);
        this.clickWindow = config.machineClickWindow();
        this.hits = hits;
        this.ips = ips;
    }

    @HEAD
    @Path("t/o/{id}")
    @NonBlocking
    public Response openHead(@PathParam("id") String id, RoutingContext ctx) {
        return open(id, ctx);
    }

    @GET
    @Path("t/o/{id}")
    @NonBlocking
    public Response open(@PathParam("id") String id, RoutingContext ctx) {
        Optional<TrackingId> found = verify(id, TrackingId.OPEN);
        if (found.isEmpty()) {
            return notFound();
        }
        hits.hit(found.get(), DeliveryEvent.OPENED, classify(ctx, found.get(), false), userAgent(ctx));
        return Response.ok(PIXEL, "image/gif").header("Cache-Control", "no-store, max-age=0").build();
    }

    @HEAD
    @Path("t/c/{id}")
    @NonBlocking
    public Response clickHead(@PathParam("id") String id, RoutingContext ctx) {
        return click(id, ctx);
    }

    @GET
    @Path("t/c/{id}")
    @NonBlocking
    public Response click(@PathParam("id") String id, RoutingContext ctx) {
        Optional<TrackingId> found = verify(id, TrackingId.CLICK);
        if (found.isEmpty() || !isWebLink(found.get().url())) {
            return notFound();
        }
        hits.hit(found.get(), DeliveryEvent.CLICKED, classify(ctx, found.get(), true), userAgent(ctx));
        return Response.status(302).header("Location", found.get().url()).header("Cache-Control", "no-store")
                .build();
    }

    @GET
    @Path("u/{id}")
    @NonBlocking
    public Response unsubscribePage(@PathParam("id") String id) {
        Optional<TrackingId> found = verify(id, TrackingId.UNSUBSCRIBE);
        if (found.isEmpty()) {
            return notFound();
        }
        return html(UnsubscribePages.confirm(found.get().recipient()));
    }

    @POST
    @Path("u/{id}")
    public Uni<Response> unsubscribe(@PathParam("id") String id, RoutingContext ctx) {
        Optional<TrackingId> found = verify(id, TrackingId.UNSUBSCRIBE);
        if (found.isEmpty()) {
            return Uni.createFrom().item(notFound());
        }
        return Uni.createFrom().completionStage(hits.unsubscribe(found.get(), userAgent(ctx)))
                .map(done -> html(UnsubscribePages.done(found.get().recipient())))
                .onFailure().recoverWithItem(e -> Response.status(503).header("Retry-After", "5")
                        .entity("Please try again in a moment.").type("text/plain").build());
    }

    private Optional<TrackingId> verify(String id, String kind) {
        return key == null ? Optional.empty() : TrackingId.verify(id, kind, key);
    }

    private String classify(RoutingContext ctx, TrackingId id, boolean click) {
        HttpServerRequest request = ctx.request();
        String socket = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        String ip = ips.resolve(socket, request.getHeader("X-Forwarded-For"));
        return HitClassifier.classify(request.method().name(), userAgent(ctx), ip, id.issuedAt(), click,
                clickWindow, Instant.now());
    }

    static boolean isWebLink(String url) {
        String u = url == null ? "" : url.strip().toLowerCase(java.util.Locale.ROOT);
        return u.startsWith("http://") || u.startsWith("https://");
    }

    private static String userAgent(RoutingContext ctx) {
        return ctx.request().getHeader("User-Agent");
    }

    private static Response notFound() {
        return Response.status(404).entity("Not found.").type("text/plain").build();
    }

    private static Response html(String body) {
        return Response.ok(body, "text/html; charset=utf-8").header("Cache-Control", "no-store").build();
    }
}
