package org.mintpost.audit.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.mintpost.contracts.api.DatabaseUnavailable;

import io.quarkus.logging.Log;

/** A bug or an outage: logged here, answered without class names or stack traces. */
@Provider
public class UnexpectedErrorMapper implements ExceptionMapper<Throwable> {

    @Override
    public Response toResponse(Throwable e) {
        if (DatabaseUnavailable.is(e)) {
            Log.warnf("the database did not answer: %s", e.toString());
            return Response.status(503).type(MediaType.APPLICATION_JSON_TYPE)
                    .header("Retry-After", DatabaseUnavailable.RETRY_AFTER_SECONDS).entity(DatabaseUnavailable.body())
                    .build();
        }
        Log.errorf(e, "unexpected error");
        return Errors.of(500, "Internal error.", "internal_error");
    }
}
