package org.mintpost.token.rest.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.quarkus.logging.Log;

/** Anything unforeseen: logged here, and the client gets no class name and no stack trace. */
@Provider
public class FallbackMapper implements ExceptionMapper<Exception> {

    @Override
    public Response toResponse(Exception e) {
        Log.error("unhandled error in a request", e);
        return ErrorResponses.error(500, "internal_error", "Something went wrong on our side.");
    }
}
