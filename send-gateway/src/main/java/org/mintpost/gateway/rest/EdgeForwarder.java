package org.mintpost.gateway.rest;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.gateway.config.GatewayConfig;
import org.mintpost.gateway.routes.ProjectSettingsFence;
import org.mintpost.gateway.service.AuthFailureThrottle;
import org.mintpost.gateway.service.CallerAuthenticator;
import org.mintpost.gateway.service.InternalJwtIssuer;

import io.quarkus.logging.Log;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;

/**
 * Forwards what the edge does not own (route table of docs/internals.md): token logs and
 * {@code /v1/messages…} and {@code /v1/stats} to audit-service; {@code /v1/webhooks…} to webhook-service;
 * {@code /v1/projects…}, {@code /v1/team…} and
 * {@code /dashboard…} to token-service. Team API calls are authenticated here (team token or SSO
 * JWT) and go on with an internal JWT instead of the caller's credentials; bodies stream both ways.
 */
@ApplicationScoped
public class EdgeForwarder {

    private static final Pattern TOKEN_LOGS = Pattern.compile("^/v1/projects/[^/]+/tokens/[^/]+/logs(/.*)?$");
    /** Leak reports (issue #25): the signature is GitHub's credential; a report form works without one. */
    private static final String SECRET_SCANNING = "/v1/secret-scanning/github";
    /** Keyless sending (issue #28): the workload's OIDC identity token is the only credential. */
    private static final String OIDC_TOKEN = "/v1/oidc/token";
    private static final Set<String> OPEN_PATHS = Set.of(SECRET_SCANNING, "/v1/tokens/report-leak", OIDC_TOKEN);
    static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "trailers", "transfer-encoding", "upgrade", "host",
            "content-length");
    private static final Set<String> STRIPPED = Set.of("authorization", "x-lettermint-token", "x-forwarded-for",
            "x-forwarded-host", "x-forwarded-proto", "forwarded", "cookie");

    private final CallerAuthenticator callers;
    private final InternalJwtIssuer jwt;
    private final HttpClient client;
    private final String tokenService;
    private final String auditService;
    private final String webhookService;
    private final long timeoutMs;
    private final long forwardMaxBytes;
    private final ProjectSettingsFence fence;

    public EdgeForwarder(CallerAuthenticator callers, InternalJwtIssuer jwt, Vertx vertx, GatewayConfig config,
            ProjectSettingsFence fence) {
        this.callers = callers;
        this.fence = fence;
        this.jwt = jwt;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setKeepAlive(true)
                .setMaxPoolSize(config.forwarding().maxConnectionsPerUpstream())
                .setConnectTimeout(5_000));
        this.tokenService = strip(config.tokenService().url());
        this.auditService = strip(config.auditService().url());
        this.webhookService = strip(config.webhookService().url());
        this.timeoutMs = config.forwarding().timeout().toMillis();
        this.forwardMaxBytes = config.limits().forwardMaxBytes();
    }

    /** The upstream base URL for a normalised path, or null when the edge serves the path itself. */
    public String upstreamFor(String path) {
        if (TOKEN_LOGS.matcher(path).matches() || under(path, "/v1/messages") || under(path, "/v1/stats")) {
            return auditService;
        }
        if (under(path, "/v1/webhooks")) {
            return webhookService;
        }
        if (under(path, "/v1/projects") || under(path, "/v1/team") || under(path, "/v1/domains")
                || under(path, "/v1/routes") || under(path, "/v1/suppressions") || under(path, "/dashboard")
                || under(path, "/v1/blocked-file-types") || OPEN_PATHS.contains(path)) {
            return tokenService;
        }
        return null;
    }

    void handle(RoutingContext ctx) {
        String path = ctx.normalizedPath().replaceAll("/{2,}", "/");
        String upstream = upstreamFor(normalise(path));
        if (upstream == null) {
            ctx.next();
            return;
        }
        HttpServerRequest request = ctx.request();
        if (declaredLength(request) > forwardMaxBytes) {
            tooLarge(ctx);
            return;
        }
        request.pause();
        String ip = RequestInfo.clientIp(ctx);
        String presented = request.getHeader("x-lettermint-token");
        boolean anonymous = presented == null && RequestInfo.bearer(request) == null;
        String open = normalise(path);
        if (under(path, "/dashboard") || SECRET_SCANNING.equals(open) || OIDC_TOKEN.equals(open)
                || (anonymous && OPEN_PATHS.contains(open))) {
            forward(ctx, upstream, path, null, ip);
            return;
        }
        String endpoint = request.method().name() + " " + path;
        callers.authenticate(presented == null ? null : presented.trim(), RequestInfo.bearer(request), ip)
                .subscribe().with(caller -> {
                    String userAgent = request.getHeader("User-Agent");
                    if (caller.team()) {
                        callers.record(caller, ip, userAgent, endpoint, null);
                        String internal = caller.sso() != null ? jwt.forSso(caller.sso(), ip)
                                : jwt.forTeamToken(caller.auth().grant(), ip);
                        forward(ctx, upstream, path, internal, ip);
                    } else if (caller.project()) {
                        callers.record(caller, ip, userAgent, endpoint, "forbidden");
                        refuse(ctx, 403, "forbidden", "A project token cannot use the Team API; use a team token.");
                    } else if (caller.unauthenticated()) {
                        callers.record(caller, ip, userAgent, endpoint, null);
                        refuse(ctx, 401, "unauthenticated", "A valid team API token is required.");
                    } else {
                        callers.record(caller, ip, userAgent, endpoint, null);
                        refuse(ctx, 403, "forbidden", "This token may not be used from here.");
                    }
                }, failure -> {
                    if (failure instanceof AuthFailureThrottle.ThrottledException throttled) {
                        ctx.response().putHeader("Retry-After", String.valueOf(throttled.retryAfterSeconds()))
                                .putHeader("X-RateLimit-Limit", String.valueOf(throttled.limit()))
                                .putHeader("X-RateLimit-Remaining", "0");
                        refuse(ctx, 429, "rate_limited", ErrorMappers.THROTTLED_MESSAGE);
                        return;
                    }
                    Log.warnf("authentication for a forwarded call failed: %s", failure.toString());
                    ctx.response().putHeader("Retry-After", "5");
                    refuse(ctx, 503, "unavailable", "The token cannot be checked right now; retry later.");
                });
    }

    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** 413 for a body over the limit; drops what the client still sends (so it reads the 413), then closes. */
    private void tooLarge(RoutingContext ctx) {
        if (ctx.request().version() != HttpVersion.HTTP_2) {
            ctx.response().putHeader("Connection", "close");
        }
        ErrorReplies.write(ctx.response(), 413, "payload_too_large",
                "The request body is larger than " + forwardMaxBytes + " bytes.");
        EdgeRoutes.discard(ctx, forwardMaxBytes * 4);
    }

    private void refuse(RoutingContext ctx, int status, String error, String message) {
        ctx.request().resume();
        ErrorReplies.write(ctx.response(), status, error, message);
    }

    private void forward(RoutingContext ctx, String upstream, String path, String internalJwt, String ip) {
        HttpServerRequest request = ctx.request();
        String query = request.query();
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setAbsoluteURI(upstream + path + (query == null || query.isEmpty() ? "" : "?" + query))
                .setIdleTimeout(timeoutMs);
        request.headers().forEach(header -> {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !STRIPPED.contains(name)) {
                options.addHeader(header.getKey(), header.getValue());
            }
        });
        String length = request.getHeader("Content-Length");
        if (length != null) {
            options.putHeader("Content-Length", length);
        }
        if (ip != null) {
            options.putHeader("X-Forwarded-For", ip);
        }
        options.putHeader("X-Forwarded-Proto", request.scheme() == null ? "http" : request.scheme());
        if (request.authority() != null) {
            options.putHeader("X-Forwarded-Host", request.authority().toString());
        }
        if (internalJwt != null) {
            options.putHeader("Authorization", "Bearer " + internalJwt);
        }
        client.request(options).onComplete(created -> {
            if (created.failed()) {
                UpstreamRelay.upstreamDown(ctx, created.cause());
                return;
            }
            HttpClientRequest upstreamRequest = created.result();
            if (length == null && !request.isEnded()) {
                upstreamRequest.setChunked(true);
            }
            // a declared length was checked before; a chunked body is counted as it streams
            CountedBody body = new CountedBody(request, forwardMaxBytes, () -> {
                tooLarge(ctx); // first: the reset below may fail the send at once, which must not answer 502
                upstreamRequest.reset();
            });
            (request.isEnded() ? upstreamRequest.send() : upstreamRequest.send(body)).onComplete(answered -> {
                if (answered.failed()) {
                    UpstreamRelay.upstreamDown(ctx, answered.cause());
                    return;
                }
                fence.relayAfter(request.method(), normalise(path), answered.result(),
                        () -> UpstreamRelay.relay(answered.result(), ctx.response()));
            });
        });
    }

    /** For matching only: no trailing slash. The router has already removed dot segments. */
    static String normalise(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    private static String strip(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
