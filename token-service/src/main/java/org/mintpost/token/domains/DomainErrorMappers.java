package org.mintpost.token.domains;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.mintpost.token.rest.errors.ErrorResponses;

/** The domains' own refusals, in API.md's error body. */
public class DomainErrorMappers {

    @ServerExceptionMapper
    public Response conflict(DomainConflict e) {
        return ErrorResponses.error(409, "conflict", e.getMessage());
    }

    @ServerExceptionMapper
    public Response unavailable(DkimUnavailable e) {
        return Response.fromResponse(ErrorResponses.error(503, "dkim_unavailable", e.getMessage()))
                .header("Retry-After", "60").build();
    }
}
