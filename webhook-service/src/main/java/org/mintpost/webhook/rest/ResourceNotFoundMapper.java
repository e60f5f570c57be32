package org.mintpost.webhook.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.mintpost.webhook.service.NotFoundException;

/** Unknown, or another team's: the same 404, so existence never leaks. */
@Provider
public class ResourceNotFoundMapper implements ExceptionMapper<NotFoundException> {

    @Override
    public Response toResponse(NotFoundException e) {
        return Errors.of(404, e.getMessage(), "not_found");
    }
}
