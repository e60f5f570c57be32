package org.mintpost.webhook.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Unparseable JSON: 400 {@code invalid_json} (API.md). */
@Provider
public class InvalidJsonMapper implements ExceptionMapper<InvalidJsonException> {

    @Override
    public Response toResponse(InvalidJsonException e) {
        return Errors.of(400, e.getMessage(), "invalid_json");
    }
}
