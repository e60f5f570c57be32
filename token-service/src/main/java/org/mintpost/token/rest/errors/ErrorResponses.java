package org.mintpost.token.rest.errors;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.mintpost.contracts.api.ErrorBody;

/** API.md's error bodies: {@code {"message","error"}} and, for 422, {@code errors}. */
public final class ErrorResponses {

    private ErrorResponses() {
    }

    public static Response error(int status, String error, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(message, error)).build();
    }

    public static Response validation(String message, Map<String, List<String>> errors) {
        return Response.status(422).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(message, "validation_error", errors)).build();
    }
}
