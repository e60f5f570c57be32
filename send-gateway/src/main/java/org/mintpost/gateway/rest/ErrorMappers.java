package org.mintpost.gateway.rest;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.mintpost.gateway.client.TokenLookupClient;
import org.mintpost.gateway.service.AuthResult;
import org.mintpost.gateway.service.RateLimiter;
import org.mintpost.gateway.service.SendApi;
import org.mintpost.gateway.service.SendRefusedException;

import io.quarkus.logging.Log;

/** One small mapper per error kind; bodies are always {@link ErrorBody}, never a class name or a trace. */
public class ErrorMappers {

    static Response json(int status, ErrorBody body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    @ServerExceptionMapper
    public Response apiError(ApiError e) {
        Response.ResponseBuilder builder = Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(e.getMessage(), e.error(), e.errors()));
        e.headers().forEach(builder::header);
        return builder.build();
    }

    @ServerExceptionMapper
    public Response authRefused(SendApi.AuthRefusedException e) {
        AuthResult result = e.result();
        if (result.unauthenticated()) {
            String message = switch (result.reason()) {
                case AuthResult.MALFORMED -> "The API token is missing or malformed.";
                case AuthResult.REVOKED -> "The API token has been revoked.";
                case AuthResult.EXPIRED -> "The API token has expired.";
                default -> "The API token is not valid.";
            };
            return json(401, ErrorBody.of("unauthenticated", message));
        }
        String message = switch (result.reason()) {
            case AuthResult.IP_DENIED -> "The API token may not be used from this IP address.";
            default -> "This token may not use this endpoint.";
        };
        return json(403, ErrorBody.of("forbidden", message));
    }

    @ServerExceptionMapper
    public Response invalidJson(SendApi.InvalidJsonException e) {
        return json(400, ErrorBody.of("invalid_json", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response validation(SendApi.ValidationFailedException e) {
        Map<String, List<String>> errors = e.errors();
        String first = errors.values().stream().flatMap(List::stream).findFirst().orElse("The request is invalid.");
        String message = errors.size() > 1 ? first + " (and " + (errors.size() - 1) + " more errors)" : first;
        return json(422, new ErrorBody(message, "validation_error", errors));
    }

    @ServerExceptionMapper
    public Response refused(SendRefusedException e) {
        return switch (e.kind()) {
            case IDEMPOTENCY_CONFLICT -> json(409, ErrorBody.of("idempotency_conflict", e.getMessage()));
            case TOO_LARGE -> json(413, ErrorBody.of("payload_too_large", e.getMessage()));
            case RATE_LIMITED -> rateLimited(e);
            case UNAVAILABLE -> Response.status(503).type(MediaType.APPLICATION_JSON_TYPE)
                    .header("Retry-After", "5").entity(ErrorBody.of("unavailable", e.getMessage())).build();
        };
    }

    private static Response rateLimited(SendRefusedException e) {
        RateLimiter.Decision decision = e.decision();
        return Response.status(429).type(MediaType.APPLICATION_JSON_TYPE)
                .header("Retry-After", String.valueOf(decision.retryAfterSeconds()))
                .header("X-RateLimit-Limit", String.valueOf(decision.limit()))
                .header("X-RateLimit-Remaining", "0")
                .entity(ErrorBody.of("rate_limited", e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response lookupUnavailable(TokenLookupClient.LookupUnavailableException e) {
        Log.warnf("token lookup unavailable: %s", e.getMessage());
        return Response.status(503).type(MediaType.APPLICATION_JSON_TYPE).header("Retry-After", "5")
                .entity(ErrorBody.of("unavailable", "The token cannot be checked right now; retry later.")).build();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return json(404, ErrorBody.of("not_found", "Not found."));
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        return json(405, ErrorBody.of("method_not_allowed", "This method is not allowed here."));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse() == null ? 400 : e.getResponse().getStatus();
        if (status >= 500) {
            Log.errorf("request failed: %s", e.toString());
            return json(500, ErrorBody.of("internal_error", "Something went wrong on our side."));
        }
        return json(status, ErrorBody.of("bad_request", "The request could not be understood."));
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        Log.errorf("unexpected failure: %s", e.toString());
        return json(500, ErrorBody.of("internal_error", "Something went wrong on our side."));
    }
}
