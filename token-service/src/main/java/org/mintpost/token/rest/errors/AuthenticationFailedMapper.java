package org.mintpost.token.rest.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.quarkus.security.AuthenticationFailedException;

/** Credentials that do not verify (bad signature, wrong issuer, expired, no team). */
@Provider
public class AuthenticationFailedMapper implements ExceptionMapper<AuthenticationFailedException> {

    @Override
    public Response toResponse(AuthenticationFailedException e) {
        return ErrorResponses.error(401, "unauthenticated", "The credentials are invalid or expired.");
    }
}
