package org.mintpost.token.leaks;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.mintpost.token.rest.errors.ErrorResponses;

/** 401 for a bad signature, 409 for a replay, 429 for too many reports; none says more than that. */
public final class LeakErrorMappers {

    private LeakErrorMappers() {
    }

    @Provider
    public static class Signature implements ExceptionMapper<SignatureRejected> {
        @Override
        public Response toResponse(SignatureRejected e) {
            return ErrorResponses.error(401, "invalid_signature",
                    "The request is not signed by a known secret-scanning key.");
        }
    }

    @Provider
    public static class Replay implements ExceptionMapper<ReplayedRequest> {
        @Override
        public Response toResponse(ReplayedRequest e) {
            return ErrorResponses.error(409, "replayed_request", "This request was already received.");
        }
    }

    @Provider
    public static class Throttled implements ExceptionMapper<TooManyReports> {
        @Override
        public Response toResponse(TooManyReports e) {
            Response r = ErrorResponses.error(429, "rate_limited", "Too many reports; retry later.");
            return Response.fromResponse(r).header("Retry-After", String.valueOf(e.retryAfterSeconds())).build();
        }
    }
}
