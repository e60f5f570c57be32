package org.mintpost.contracts.api;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The JAX-RS answers that carry the {@link ErrorBody}: every service's exception mappers build them here. */
public final class ErrorResponses {

    private ErrorResponses() {
    }

    public static Response json(int status, ErrorBody body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    public static Response error(int status, String error, String message) {
        return json(status, ErrorBody.of(error, message));
    }

    /** A 422 naming each field. */
    public static Response validation(String message, Map<String, List<String>> errors) {
        return json(422, ErrorBody.validation(message, errors));
    }

    /** {@code status} with a {@code Retry-After} header. */
    public static Response retryLater(int status, ErrorBody body, Object retryAfterSeconds) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .header("Retry-After", retryAfterSeconds).entity(body).build();
    }

    /** The database did not answer ({@link DatabaseUnavailable#is}): {@code 503} + {@code Retry-After}. */
    public static Response databaseUnavailable() {
        return retryLater(503, DatabaseUnavailable.body(), DatabaseUnavailable.RETRY_AFTER_SECONDS);
    }
}
