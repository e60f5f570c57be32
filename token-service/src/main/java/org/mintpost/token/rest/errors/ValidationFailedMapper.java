package org.mintpost.token.rest.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.mintpost.token.service.ValidationFailed;

/** 422 with every field error. */
@Provider
public class ValidationFailedMapper implements ExceptionMapper<ValidationFailed> {

    @Override
    public Response toResponse(ValidationFailed e) {
        return ErrorResponses.validation(e.getMessage(), e.errors());
    }
}
