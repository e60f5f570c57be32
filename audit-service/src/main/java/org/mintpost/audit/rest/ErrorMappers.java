package org.mintpost.audit.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.mintpost.audit.service.InvalidRequestException;
import org.mintpost.audit.service.ResourceNotFoundException;
import org.mintpost.contracts.api.ErrorResponses;
import org.mintpost.contracts.api.StandardErrors;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/** This API's error answers, all in the public {@code ErrorBody}; the scheduling ones sit in {@code scheduling/}. */
public class ErrorMappers {

    /** The errors every API has, answered as contracts' {@link StandardErrors} says. */
    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class,
            ForbiddenException.class, WebApplicationException.class, Throwable.class })
    public Response standard(Throwable e) {
        return StandardErrors.of(e);
    }

    /** Unknown, or another team's: the same 404, so existence never leaks. */
    @ServerExceptionMapper
    public Response notFound(ResourceNotFoundException e) {
        return ErrorResponses.error(404, "not_found", e.getMessage());
    }

    /** Bad query parameters: 422 naming each field. */
    @ServerExceptionMapper
    public Response invalid(InvalidRequestException e) {
        return ErrorResponses.validation(e.getMessage(), e.errors());
    }
}
