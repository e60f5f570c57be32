package org.mintpost.token.rest.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.mintpost.token.service.PublicationPending;

import io.quarkus.logging.Log;

/**
 * The change is committed but Kafka did not acknowledge it in time: 503 with {@code Retry-After}, since
 * the edge may not enforce it yet. The outbox relay goes on publishing it.
 */
@Provider
public class PublicationPendingMapper implements ExceptionMapper<PublicationPending> {

    @Override
    public Response toResponse(PublicationPending e) {
        Log.warnf("token change committed but not acknowledged by Kafka in time: %s",
                e.getCause() == null ? "timeout" : e.getCause().getClass().getSimpleName());
        Response r = ErrorResponses.error(503, "publication_pending", e.getMessage());
        return Response.fromResponse(r).header("Retry-After", "1").build();
    }
}
