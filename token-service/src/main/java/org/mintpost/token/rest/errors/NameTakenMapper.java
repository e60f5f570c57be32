package org.mintpost.token.rest.errors;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.hibernate.exception.ConstraintViolationException;

import io.quarkus.logging.Log;

/**
 * A unique index that caught what the service's check could not (two creates with one name at the
 * same moment): 422 on {@code name}, like the check itself; two equal suppressions added at once: 409 for the
 * second.
 */
@Provider
public class NameTakenMapper implements ExceptionMapper<ConstraintViolationException> {

    @Override
    public Response toResponse(ConstraintViolationException e) {
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
}
