package org.mintpost.token.leaks;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.mintpost.contracts.api.ErrorBody;
import org.mintpost.contracts.api.ErrorResponses;

/** 401 for a bad signature, 409 for a replay, 429 for too many reports; none says more than that. */
public class LeakErrorMappers {

    @ServerExceptionMapper
    public Response signature(SignatureRejected e) {
        return ErrorResponses.error(401, "invalid_signature",
                "The request is not signed by a known secret-scanning key.");
    }

    @ServerExceptionMapper
    public Response replay(ReplayedRequest e) {
        return ErrorResponses.error(409, "replayed_request", "This request was already received.");
    }

    @ServerExceptionMapper
    public Response throttled(TooManyReports e) {
        return ErrorResponses.retryLater(429, ErrorBody.of("rate_limited", "Too many reports; retry later."),
                String.valueOf(e.retryAfterSeconds()));
    }
}
