package org.mintpost.token.rest.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.quarkus.security.ForbiddenException;

/** A valid caller without the permission the endpoint requires. */
@Provider
public class MissingPermissionMapper implements ExceptionMapper<ForbiddenException> {

    @Override
    public Response toResponse(ForbiddenException e) {
        return ErrorResponses.error(403, "forbidden", "This token does not have the permission this request needs.");
    }
}
