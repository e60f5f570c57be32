package org.mintpost.gateway.rest;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/** What the REST and Vert.x layers read off a request: the token and the caller's address. */
final class RequestInfo {

    static final String BODY_KEY = "mintpost.body";
    static final String IP_KEY = "mintpost.client-ip";

    private RequestInfo() {
    }

    /** The project token: {@code x-lettermint-token}, or a {@code Bearer lm_…} value. */
    static String projectToken(HttpServerRequest request) {
        String token = request.getHeader("x-lettermint-token");
        if (token != null && !token.isBlank()) {
            return token.trim();
        }
        String bearer = bearer(request);
        return bearer != null && bearer.startsWith("lm_") ? bearer : null;
    }

    /** The value of {@code Authorization: Bearer …}, or null. */
    static String bearer(HttpServerRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String value = header.substring(7).trim();
        return value.isEmpty() ? null : value;
    }

    static String clientIp(RoutingContext ctx) {
        String ip = ctx.get(IP_KEY);
        return ip;
    }
}
