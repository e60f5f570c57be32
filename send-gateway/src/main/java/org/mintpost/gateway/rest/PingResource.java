package org.mintpost.gateway.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.mintpost.gateway.service.CallerAuthenticator;

import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /v1/ping}: {@code pong} as text for any valid project token, team token or SSO JWT. */
@Path("/v1/ping")
public class PingResource {

    private final CallerAuthenticator callers;

    public PingResource(CallerAuthenticator callers) {
        this.callers = callers;
    }

    @GET
    public Uni<Response> ping(RoutingContext ctx) {
        String token = ctx.request().getHeader("x-lettermint-token");
        String bearer = RequestInfo.bearer(ctx.request());
        String ip = RequestInfo.clientIp(ctx);
        return callers.authenticate(token == null ? null : token.trim(), bearer, ip).map(caller -> {
            callers.record(caller, ip, ctx.request().getHeader("User-Agent"), "GET /v1/ping", null);
            if (caller.ok()) {
                return Response.ok("pong", MediaType.TEXT_PLAIN_TYPE).build();
            }
            if (caller.unauthenticated()) {
                throw ApiError.unauthenticated("A valid project or team API token is required.");
            }
            throw ApiError.forbidden("This token may not be used from here.");
        });
    }
}
