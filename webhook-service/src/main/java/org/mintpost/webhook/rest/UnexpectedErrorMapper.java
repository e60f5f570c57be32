package org.mintpost.webhook.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.quarkus.logging.Log;

/** A bug or an outage: logged here, answered without class names or stack traces. */
@Provider
public class UnexpectedErrorMapper implements ExceptionMapper<Throwable> {

    @Override
    public Response toResponse(Throwable e) {
        Log.errorf(e, "unexpected error");
        return Errors.of(500, "Internal error.", "internal_error");
    }
}
