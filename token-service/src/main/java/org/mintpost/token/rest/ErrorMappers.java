package org.mintpost.token.rest;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.hibernate.exception.ConstraintViolationException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.mintpost.contracts.api.DatabaseUnavailable;
import org.mintpost.contracts.api.ErrorBody;
import org.mintpost.contracts.api.ErrorResponses;
import org.mintpost.token.service.Forbidden;
import org.mintpost.token.service.NotFound;
import org.mintpost.token.service.PublicationPending;
import org.mintpost.token.service.ValidationFailed;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * The Team API's answer to each error kind, in API.md's body; the domains', leaks' and workloads' own refusals sit in
 * their packages. No class name or stack trace reaches a client.
 */
public class ErrorMappers {

    private static final String INTERNAL = "Something went wrong on our side.";

    /** No credentials at all. */
    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e) {
        return ErrorResponses.error(401, "unauthenticated", "Authentication is required.");
    }

    /** Credentials that do not verify (bad signature, wrong issuer, expired, no team). */
    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return ErrorResponses.error(401, "unauthenticated", "The credentials are invalid or expired.");
    }

    /** A valid caller without the permission the endpoint requires. */
    @ServerExceptionMapper
    public Response missingPermission(ForbiddenException e) {
        return ErrorResponses.error(403, "forbidden", "This token does not have the permission this request needs.");
    }

    /** An operation the caller's permissions do not cover (e.g. granting a permission it lacks). */
    @ServerExceptionMapper
    public Response forbidden(Forbidden e) {
        return ErrorResponses.error(403, "forbidden", e.getMessage());
    }

    /** A missing resource, or one of another team or project: 404, never 403. */
    @ServerExceptionMapper
    public Response notFound(NotFound e) {
        return ErrorResponses.error(404, "not_found", e.getMessage());
    }

    /** A body that does not parse as JSON (its type errors are 422s found field by field, not here). */
    @ServerExceptionMapper
    public Response invalidJson(JsonProcessingException e) {
        return ErrorResponses.error(400, "invalid_json", "The request body is not valid JSON.");
    }

    /** 422 with every field error. */
    @ServerExceptionMapper
    public Response validationFailed(ValidationFailed e) {
        return ErrorResponses.validation(e.getMessage(), e.errors());
    }

    /**
     * A unique index that caught what the service's check could not (two creates with one name at the same moment):
     * 422 on {@code name}, like the check itself; two equal suppressions added at once: 409 for the second.
     */
    @ServerExceptionMapper
    public Response constraintViolated(ConstraintViolationException e) {
        String constraint = e.getConstraintName() == null ? "" : e.getConstraintName();
        if (constraint.contains("_name")) {
            return ErrorResponses.validation("The name has already been taken.",
                    Map.of("name", List.of("The name has already been taken.")));
        }
        if (constraint.contains("suppressions_unique_live")) {
            // two equal entries added at the same moment: the one that lost the race is told so
            return ErrorResponses.error(409, "conflict",
                    "An equal suppression was being added at the same moment; try again.");
        }
        Log.errorf("unexpected constraint violation %s", constraint);
        return ErrorResponses.error(409, "conflict", "The request conflicts with the current state; try again.");
    }

    /**
     * The change is committed but Kafka did not acknowledge it in time: 503 with {@code Retry-After}, since the edge
     * may not enforce it yet. The outbox relay goes on publishing it.
     */
    @ServerExceptionMapper
    public Response publicationPending(PublicationPending e) {
        Log.warnf("token change committed but not acknowledged by Kafka in time: %s",
                e.getCause() == null ? "timeout" : e.getCause().getClass().getSimpleName());
        return ErrorResponses.retryLater(503, ErrorBody.of("publication_pending", e.getMessage()), "1");
    }

    /** JAX-RS errors (unknown path, wrong method, unsupported media type…) in the API.md shape. */
    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        return switch (status) {
            case 400 -> ErrorResponses.error(400, "invalid_json", "The request body is not valid JSON.");
            case 401 -> ErrorResponses.error(401, "unauthenticated", "Authentication is required.");
            case 403 -> ErrorResponses.error(403, "forbidden", "This request is not allowed.");
            case 404 -> ErrorResponses.error(404, "not_found", "Not found.");
            case 405 -> ErrorResponses.error(405, "method_not_allowed", "This method is not allowed here.");
            case 406 -> ErrorResponses.error(406, "not_acceptable", "Only application/json is produced.");
            case 413 -> ErrorResponses.error(413, "payload_too_large", "The request body is too large.");
            case 415 -> ErrorResponses.error(415, "unsupported_media_type", "Send the body as application/json.");
            default -> status >= 500
                    ? ErrorResponses.error(500, "internal_error", INTERNAL)
                    : ErrorResponses.error(status, "http_" + status, "The request could not be handled.");
        };
    }

    /** Anything unforeseen: logged here, and the client gets no class name and no stack trace. */
    @ServerExceptionMapper
    public Response fallback(Exception e) {
        if (DatabaseUnavailable.is(e)) {
            Log.warnf("the database did not answer: %s", e.toString());
            return ErrorResponses.databaseUnavailable();
        }
        Log.error("unhandled error in a request", e);
        return ErrorResponses.error(500, "internal_error", INTERNAL);
    }
}
