package org.mintpost.audit.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.mintpost.audit.service.ResourceNotFoundException;

/** Unknown, or another team's: the same 404, so existence never leaks. */
@Provider
public class ResourceNotFoundMapper implements ExceptionMapper<ResourceNotFoundException> {

    @Override
    public Response toResponse(ResourceNotFoundException e) {
        return Errors.of(404, e.getMessage(), "not_found");
    }
}
