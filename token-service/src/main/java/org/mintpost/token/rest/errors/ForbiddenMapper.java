package org.mintpost.token.rest.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.mintpost.token.service.Forbidden;

/** An operation the caller's permissions do not cover (e.g. granting a permission it lacks). */
@Provider
public class ForbiddenMapper implements ExceptionMapper<Forbidden> {

    @Override
    public Response toResponse(Forbidden e) {
        return ErrorResponses.error(403, "forbidden", e.getMessage());
    }
}
