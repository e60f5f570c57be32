package org.mintpost.token.rest.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.quarkus.security.UnauthorizedException;

/** No credentials at all. */
@Provider
public class UnauthenticatedMapper implements ExceptionMapper<UnauthorizedException> {

    @Override
    public Response toResponse(UnauthorizedException e) {
        return ErrorResponses.error(401, "unauthenticated", "Authentication is required.");
    }
}
