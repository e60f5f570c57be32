package org.mintpost.webhook.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.mintpost.contracts.api.ErrorResponses;
import org.mintpost.contracts.api.StandardErrors;
import org.mintpost.webhook.service.NotFoundException;
import org.mintpost.webhook.service.ValidationException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/** This API's error answers, all in the public {@code ErrorBody}. */
public class ErrorMappers {

    /** The errors every API has, answered as contracts' {@link StandardErrors} says. */
    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class,
            ForbiddenException.class, WebApplicationException.class, Throwable.class })
    public Response standard(Throwable e) {
        return StandardErrors.of(e);
    }

    /** Unparseable JSON (API.md). */
    @ServerExceptionMapper
    public Response invalidJson(InvalidJsonException e) {
        return ErrorResponses.error(400, "invalid_json", e.getMessage());
    }

    /** Unknown, or another team's: the same 404, so existence never leaks. */
    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return ErrorResponses.error(404, "not_found", e.getMessage());
    }

    @ServerExceptionMapper
    public Response invalid(ValidationException e) {
        return ErrorResponses.validation(e.getMessage(), e.errors());
    }
}
