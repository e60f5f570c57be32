package org.mintpost.audit.scheduling;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.mintpost.contracts.api.ErrorBody;
import org.mintpost.contracts.api.ErrorResponses;

import io.quarkus.logging.Log;

/** The broker did not take the command: {@code 503} + {@code Retry-After}, the message unchanged. */
@Provider
public class CommandsUnavailableMapper implements ExceptionMapper<CommandsUnavailableException> {

    @Override
    public Response toResponse(CommandsUnavailableException e) {
        Log.warnf("a scheduling command was not accepted by the broker: %s", String.valueOf(e.getCause()));
        return ErrorResponses.retryLater(503,
                ErrorBody.of("unavailable", "The message could not be changed now; try again shortly."), 5);
    }
}
