package org.mintpost.token.workloads;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.mintpost.token.rest.errors.ErrorResponses;
import org.mintpost.token.workloads.ExchangeErrors.IdentityRejected;
import org.mintpost.token.workloads.ExchangeErrors.KeysUnavailable;
import org.mintpost.token.workloads.ExchangeErrors.NoMatchingPolicy;
import org.mintpost.token.workloads.ExchangeErrors.TooManyExchanges;

/** The exchange's refusals in API.md's error shape. */
public final class ExchangeErrorMappers {

    static final String KEYS_RETRY_AFTER = "30";

    private ExchangeErrorMappers() {
    }

    @Provider
    public static class Rejected implements ExceptionMapper<IdentityRejected> {
        @Override
        public Response toResponse(IdentityRejected e) {
            return ErrorResponses.error(401, "unauthenticated", "The identity token was not accepted: "
                    + e.getMessage() + ".");
        }
    }

    @Provider
    public static class NoPolicy implements ExceptionMapper<NoMatchingPolicy> {
        @Override
        public Response toResponse(NoMatchingPolicy e) {
            return ErrorResponses.error(403, "forbidden", "No trusted workload allows this identity.");
        }
    }

    @Provider
    public static class Unavailable implements ExceptionMapper<KeysUnavailable> {
        @Override
        public Response toResponse(KeysUnavailable e) {
            Response r = ErrorResponses.error(503, "unavailable",
                    "The identity token's issuer keys cannot be fetched right now; retry later.");
            return Response.fromResponse(r).header("Retry-After", KEYS_RETRY_AFTER).build();
        }
    }

    @Provider
    public static class Throttled implements ExceptionMapper<TooManyExchanges> {
        @Override
        public Response toResponse(TooManyExchanges e) {
            Response r = ErrorResponses.error(429, "rate_limited", "Too many token exchanges; retry later.");
            return Response.fromResponse(r).header("Retry-After", String.valueOf(e.retryAfterSeconds())).build();
        }
    }
}
