package org.mintpost.webhook.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.quarkus.security.AuthenticationFailedException;

/** An internal JWT that does not verify (signature, issuer, expiry). The reason stays in our log only. */
@Provider
public class AuthenticationFailedMapper implements ExceptionMapper<AuthenticationFailedException> {

    @Override
    public Response toResponse(AuthenticationFailedException e) {
        return Errors.of(401, "Unauthenticated.", "unauthenticated");
    }
}
