package org.mintpost.token.rest.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.mintpost.token.service.NotFound;

/** A missing resource, or one of another team or project: 404, never 403. */
@Provider
public class NotFoundMapper implements ExceptionMapper<NotFound> {

    @Override
    public Response toResponse(NotFound e) {
        return ErrorResponses.error(404, "not_found", e.getMessage());
    }
}
