package org.mintpost.contracts.api;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * The answers of audit-service and webhook-service to the errors every API has: no or a bad internal JWT, a missing
 * permission, an unknown path, another protocol error, a bug or an outage. Each service lists these types in one
 * {@code @ServerExceptionMapper} of its {@code rest/ErrorMappers} and hands them here; nothing names a class or
 * prints a stack trace. (token-service and the edge answer the same errors in older words that stay byte for byte.)
 */
public final class StandardErrors {

    private static final Logger LOG = LoggerFactory.getLogger(StandardErrors.class);

    private StandardErrors() {
    }

    public static Response of(Throwable e) {
        if (e instanceof UnauthorizedException || e instanceof AuthenticationFailedException) {
            // no JWT, or one that does not verify: the reason stays in our log only
            return ErrorResponses.error(401, "unauthenticated", "Unauthenticated.");
        }
        if (e instanceof ForbiddenException) {
            return ErrorResponses.error(403, "forbidden", "This token does not have the permission for this action.");
        }
        if (e instanceof NotFoundException) {
            return ErrorResponses.error(404, "not_found", "Not found.");
        }
        if (e instanceof WebApplicationException web) {
            return protocol(web);
        }
        if (DatabaseUnavailable.is(e)) {
            LOG.warn("the database did not answer: {}", e.toString());
            return ErrorResponses.databaseUnavailable();
        }
        LOG.error("unexpected error", e);
        return internal();
    }

    /** Other protocol errors (405, 406, 415, ...) keep their status, named after its reason phrase. */
    private static Response protocol(WebApplicationException e) {
        int status = e.getResponse() == null ? 400 : e.getResponse().getStatus();
        if (status >= 500) {
            return internal();
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String phrase = type == null ? "Bad request" : type.getReasonPhrase();
        return ErrorResponses.error(status, phrase.toLowerCase().replaceAll("[^a-z0-9]+", "_"), phrase + ".");
    }

    private static Response internal() {
        return ErrorResponses.error(500, "internal_error", "Internal error.");
    }
}
