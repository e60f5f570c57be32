package org.mintpost.audit.scheduling;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.mintpost.contracts.api.ErrorResponses;

/** Unparseable JSON: {@code 400 invalid_json}. */
@Provider
public class InvalidJsonMapper implements ExceptionMapper<RescheduleBody.InvalidJsonException> {

    @Override
    public Response toResponse(RescheduleBody.InvalidJsonException e) {
        return ErrorResponses.error(400, "invalid_json", e.getMessage());
    }
}
