package org.mintpost.gateway.rest;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.gateway.service.RateLimiter;
import org.mintpost.gateway.service.SendApi;
import org.mintpost.gateway.service.SendService;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /v1/send} and {@code POST /v1/send/batch}: thin Vert.x handlers (the body has already
 * been read within its limit by {@link EdgeRoutes}, so the request is not handed on to Quarkus REST,
 * which would want to read it again); all the work is in {@link SendApi}.
 */
@ApplicationScoped
public class SendRoutes {

    static final int MAX_IDEMPOTENCY_KEY = 255;

    private final SendApi api;

    public SendRoutes(SendApi api) {
        this.api = api;
    }

    void send(RoutingContext ctx, boolean batch) {
        HttpServerResponse response = ctx.response();
        String key = ctx.request().getHeader("Idempotency-Key");
        if (key != null && (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY)) {
            String message = "The Idempotency-Key header must be 1 to 255 characters.";
            SendErrors.write(response, new ApiError(422, "validation_error", message,
                    Map.of("idempotency_key", List.of(message)), Map.of()));
            return;
        }
        Buffer body = ctx.get(RequestInfo.BODY_KEY);
        SendApi.Request request = new SendApi.Request(RequestInfo.projectToken(ctx.request()),
                RequestInfo.clientIp(ctx), ctx.request().getHeader("User-Agent"),
                batch ? "POST /v1/send/batch" : "POST /v1/send", body == null ? new byte[0] : body.getBytes(), batch,
                key);
        api.send(request).subscribe().with(outcome -> accepted(response, outcome, batch),
                failure -> SendErrors.write(response, failure));
    }

    private static void accepted(HttpServerResponse response, SendService.Outcome outcome, boolean batch) {
        if (response.ended() || response.closed()) {
            return;
        }
        RateLimiter.Decision rate = outcome.rate();
        if (rate != null && rate.limit() > 0) {
            response.putHeader("X-RateLimit-Limit", String.valueOf(rate.limit()))
                    .putHeader("X-RateLimit-Remaining", String.valueOf(rate.remaining()));
        }
        if (outcome.replayed()) {
            response.putHeader("Idempotent-Replayed", "true");
        }
        List<SendResponse> items = outcome.accepted().stream().map(SendResponse::of).toList();
        response.setStatusCode(202).putHeader("Content-Type", "application/json")
                .end(Json.encode(batch ? items : items.get(0)));
    }
}
