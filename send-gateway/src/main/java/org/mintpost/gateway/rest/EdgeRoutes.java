package org.mintpost.gateway.rest;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.mintpost.gateway.config.GatewayConfig;
import org.mintpost.gateway.messaging.TokenChangesReader;
import org.mintpost.gateway.service.AuthResult;
import org.mintpost.gateway.service.ClientIpResolver;
import org.mintpost.gateway.service.SendApi;

import io.quarkus.logging.Log;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Vert.x handlers that run before Quarkus REST on the public paths: refuse crafted paths, resolve
 * the client address, answer 503 until the token map is ready, read Sending API bodies within their
 * size limit (413 as soon as the limit is passed, without buffering the rest), and hand the
 * forwarded routes to {@link EdgeForwarder}.
 */
@ApplicationScoped
public class EdgeRoutes {

    static final int ORDER_GATE = -30;
    static final int ORDER_BODY = -20;
    static final int ORDER_SEND = -15;
    static final int ORDER_FORWARD = -10;

    private final ClientIpResolver ipResolver;
    private final TokenChangesReader tokenMap;
    private final EdgeForwarder forwarder;
    private final SendApi sendApi;
    private final SendRoutes sendRoutes;
    private final GatewayConfig.Limits limits;

    public EdgeRoutes(ClientIpResolver ipResolver, TokenChangesReader tokenMap, EdgeForwarder forwarder,
            SendApi sendApi, SendRoutes sendRoutes, GatewayConfig config) {
        this.ipResolver = ipResolver;
        this.tokenMap = tokenMap;
        this.forwarder = forwarder;
        this.sendApi = sendApi;
        this.sendRoutes = sendRoutes;
        this.limits = config.limits();
    }

    void register(@Observes Router router) {
        router.route("/v1/*").order(ORDER_GATE).handler(this::gate);
        router.route("/v1").order(ORDER_GATE).handler(this::gate);
        router.route("/dashboard*").order(ORDER_GATE).handler(this::gate);
        router.route(HttpMethod.POST, "/v1/send").order(ORDER_BODY)
                .handler(ctx -> readBody(ctx, limits.sendMaxBytes(), "POST /v1/send"));
        router.route(HttpMethod.POST, "/v1/send").order(ORDER_SEND).handler(ctx -> sendRoutes.send(ctx, false));
        router.route(HttpMethod.POST, "/v1/send/batch").order(ORDER_BODY)
                .handler(ctx -> readBody(ctx, limits.batchMaxBytes(), "POST /v1/send/batch"));
        router.route(HttpMethod.POST, "/v1/send/batch").order(ORDER_SEND).handler(ctx -> sendRoutes.send(ctx, true));
        router.route().order(ORDER_GATE).failureHandler(EdgeRoutes::failure);
        router.route("/v1/*").order(ORDER_FORWARD).handler(forwarder::handle);
        router.route("/dashboard*").order(ORDER_FORWARD).handler(forwarder::handle);
    }

    private void gate(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (crafted(request.path())) {
            ErrorReplies.write(ctx.response(), 404, "not_found", "Not found.");
            return;
        }
        String socket = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        ctx.put(RequestInfo.IP_KEY, ipResolver.resolve(socket, request.getHeader("X-Forwarded-For")));
        if (!tokenMap.isCaughtUp() && ctx.normalizedPath().startsWith("/v1")) {
            ctx.response().putHeader("Retry-After", "2");
            ErrorReplies.write(ctx.response(), 503, "not_ready",
                    "The gateway is starting and not ready to serve requests yet.");
            return;
        }
        ctx.next();
    }

    /** Whatever failed unexpectedly: a JSON 500, never a stack trace. */
    private static void failure(RoutingContext ctx) {
        int status = ctx.statusCode() >= 400 && ctx.statusCode() < 500 ? ctx.statusCode() : 500;
        if (status == 500 && ctx.failure() != null) {
            Log.errorf("request failed: %s", ctx.failure().toString());
        }
        ErrorReplies.write(ctx.response(), status, status == 500 ? "internal_error" : "bad_request",
                status == 500 ? "Something went wrong on our side." : "The request could not be understood.");
    }

    /** Encoded slashes, backslashes, dots or NULs could make the edge and an upstream see different paths. */
    static boolean crafted(String rawPath) {
        if (rawPath == null) {
            return true;
        }
        String p = rawPath.toLowerCase(Locale.ROOT);
        return p.contains("%2f") || p.contains("%5c") || p.contains("%2e") || p.contains("%00") || p.contains("\\")
                || p.contains(";") || p.contains("%25");
    }

    private void readBody(RoutingContext ctx, long limit, String endpoint) {
        HttpServerRequest request = ctx.request();
        String length = request.getHeader("Content-Length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                declared = -1;
            }
            if (declared > limit) {
                tooLarge(ctx, limit, endpoint);
                discard(ctx, limit);
                return;
            }
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            ctx.response().writeContinue();
        }
        // grows as bytes arrive: a declared length is not trusted with memory
        Buffer body = Buffer.buffer(length == null ? 4096 : (int) Math.min(Math.max(0, parse(length)), 64 * 1024));
        boolean[] over = {false};
        request.handler(chunk -> {
            if (over[0]) {
                return;
            }
            if ((long) body.length() + chunk.length() > limit) {
                over[0] = true;
                tooLarge(ctx, limit, endpoint);
                discard(ctx, limit);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(e -> {
            if (!ctx.response().ended()) {
                ctx.response().close();
            }
        });
        request.endHandler(v -> {
            if (!over[0]) {
                ctx.put(RequestInfo.BODY_KEY, body);
                ctx.next();
            }
        });
        request.resume();
    }

    private void tooLarge(RoutingContext ctx, long limit, String endpoint) {
        sendApi.recordRefused(RequestInfo.projectToken(ctx.request()), RequestInfo.clientIp(ctx),
                ctx.request().getHeader("User-Agent"), endpoint, AuthResult.TOO_LARGE);
        if (ctx.request().version() != HttpVersion.HTTP_2) {
            ctx.response().putHeader("Connection", "close");
        }
        ErrorReplies.write(ctx.response(), 413, "payload_too_large",
                "The request body is larger than " + limit + " bytes.");
    }

    /**
     * Reads and drops what the client still sends (up to one more limit), so it sees the 413 rather
     * than a reset; then closes the connection.
     */
    static void discard(RoutingContext ctx, long limit) {
        HttpServerRequest request = ctx.request();
        boolean http2 = request.version() == HttpVersion.HTTP_2;
        long[] dropped = {0};
        request.handler(chunk -> {
            dropped[0] += chunk.length();
            if (dropped[0] > limit) {
                if (http2) {
                    ctx.response().reset();
                } else {
                    request.connection().close();
                }
            }
        });
        request.endHandler(v -> {
            if (!http2) {
                request.connection().close();
            }
        });
        request.exceptionHandler(e -> { });
        request.resume();
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return 4096;
        }
    }
}
