package org.mintpost.webhook.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.quarkus.security.ForbiddenException;

/** A verified caller without the permission the endpoint needs. */
@Provider
public class ForbiddenMapper implements ExceptionMapper<ForbiddenException> {

    @Override
    public Response toResponse(ForbiddenException e) {
        return Errors.of(403, "This token does not have the permission for this action.", "forbidden");
    }
}
