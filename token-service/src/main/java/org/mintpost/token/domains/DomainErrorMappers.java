package org.mintpost.token.domains;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.mintpost.contracts.api.ErrorBody;
import org.mintpost.contracts.api.ErrorResponses;

/** The domains' own refusals, in API.md's error body. */
public class DomainErrorMappers {

    @ServerExceptionMapper
    public Response conflict(DomainConflict e) {
        return ErrorResponses.error(409, "conflict", e.getMessage());
    }

    @ServerExceptionMapper
    public Response unavailable(DkimUnavailable e) {
        return ErrorResponses.retryLater(503, ErrorBody.of("dkim_unavailable", e.getMessage()), "60");
    }
}
