package org.mintpost.gateway.rest;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.mintpost.contracts.api.ErrorBody;
import org.mintpost.gateway.client.TokenLookupClient;
import org.mintpost.gateway.service.AuthFailureThrottle;

import io.quarkus.logging.Log;

/** One small mapper per error kind for the REST resources; bodies are always {@link ErrorBody}. */
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

    static final String THROTTLED_MESSAGE = "Too many failed authentication attempts from this address; retry later.";

    @ServerExceptionMapper
    public Response throttled(AuthFailureThrottle.ThrottledException e) {
        return Response.status(429).type(MediaType.APPLICATION_JSON_TYPE)
                .header("Retry-After", String.valueOf(e.retryAfterSeconds()))
                .header("X-RateLimit-Limit", String.valueOf(e.limit()))
                .header("X-RateLimit-Remaining", "0")
                .entity(ErrorBody.of("rate_limited", THROTTLED_MESSAGE)).build();
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
