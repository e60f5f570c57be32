package org.mintpost.gateway.rest;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.mintpost.gateway.service.RateLimiter;
import org.mintpost.gateway.service.SendApi;
import org.mintpost.gateway.service.SendService;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /v1/send} and {@code POST /v1/send/batch}. The body was already read, within its size
 * limit, by {@link EdgeRoutes}; everything else happens in {@link SendApi}.
 */
@Path("/v1/send")
public class SendResource {

    static final int MAX_IDEMPOTENCY_KEY = 255;

    private final SendApi api;

    public SendResource(SendApi api) {
        this.api = api;
    }

    @POST
    public Uni<Response> send(RoutingContext ctx) {
        return api.send(request(ctx, false, "POST /v1/send"))
                .map(outcome -> accepted(outcome, SendResponse.of(outcome.accepted().get(0))));
    }

    @POST
    @Path("/batch")
    public Uni<Response> batch(RoutingContext ctx) {
        return api.send(request(ctx, true, "POST /v1/send/batch"))
                .map(outcome -> accepted(outcome, outcome.accepted().stream().map(SendResponse::of).toList()));
    }

    private static SendApi.Request request(RoutingContext ctx, boolean batch, String endpoint) {
        String key = ctx.request().getHeader("Idempotency-Key");
        if (key != null && (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY)) {
            throw new ApiError(422, "validation_error", "The Idempotency-Key header must be 1 to 255 characters.",
                    Map.of("idempotency_key", List.of("The Idempotency-Key header must be 1 to 255 characters.")),
                    Map.of());
        }
        Buffer body = ctx.get(RequestInfo.BODY_KEY);
        return new SendApi.Request(RequestInfo.projectToken(ctx.request()), RequestInfo.clientIp(ctx),
                ctx.request().getHeader("User-Agent"), endpoint, body == null ? new byte[0] : body.getBytes(), batch,
                key);
    }

    private static Response accepted(SendService.Outcome outcome, Object entity) {
        Response.ResponseBuilder builder = Response.status(202).type(MediaType.APPLICATION_JSON_TYPE).entity(entity);
        RateLimiter.Decision rate = outcome.rate();
        if (rate != null && rate.limit() > 0) {
            builder.header("X-RateLimit-Limit", rate.limit()).header("X-RateLimit-Remaining", rate.remaining());
        }
        if (outcome.replayed()) {
            builder.header("Idempotent-Replayed", "true");
        }
        return builder.build();
    }
}
