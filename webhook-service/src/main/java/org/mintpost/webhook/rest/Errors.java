package org.mintpost.webhook.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.mintpost.contracts.api.ErrorBody;

/** Builds the JSON error responses of API.md. */
final class Errors {

    private Errors() {
    }

    static Response of(int status, String message, String error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorBody(message, error))
                .build();
    }
}
