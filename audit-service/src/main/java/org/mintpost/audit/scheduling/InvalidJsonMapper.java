package org.mintpost.audit.scheduling;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.mintpost.contracts.api.ErrorBody;

/** Unparseable JSON: {@code 400 invalid_json}. */
@Provider
public class InvalidJsonMapper implements ExceptionMapper<RescheduleBody.InvalidJsonException> {

    @Override
    public Response toResponse(RescheduleBody.InvalidJsonException e) {
        return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of("invalid_json", e.getMessage())).build();
    }
}
