package org.mintpost.token.rest.errors;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.mintpost.contracts.api.DatabaseUnavailable;

import io.quarkus.logging.Log;

/** Anything unforeseen: logged here, and the client gets no class name and no stack trace. */
@Provider
public class FallbackMapper implements ExceptionMapper<Exception> {

    @Override
    public Response toResponse(Exception e) {
        if (DatabaseUnavailable.is(e)) {
            Log.warnf("the database did not answer: %s", e.toString());
            return Response.status(503).type(MediaType.APPLICATION_JSON_TYPE)
                    .header("Retry-After", DatabaseUnavailable.RETRY_AFTER_SECONDS).entity(DatabaseUnavailable.body())
                    .build();
        }
        Log.error("unhandled error in a request", e);
        return ErrorResponses.error(500, "internal_error", "Something went wrong on our side.");
    }
}
