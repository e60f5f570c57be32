package org.mintpost.token.rest.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import com.fasterxml.jackson.core.JsonProcessingException;

/** A body that does not parse as JSON (its type errors are 422s found field by field, not here). */
@Provider
public class InvalidJsonMapper implements ExceptionMapper<JsonProcessingException> {

    @Override
    public Response toResponse(JsonProcessingException e) {
        return ErrorResponses.error(400, "invalid_json", "The request body is not valid JSON.");
    }
}
