package org.mintpost.token.workloads;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.mintpost.contracts.api.ErrorBody;
import org.mintpost.contracts.api.ErrorResponses;
import org.mintpost.token.workloads.ExchangeErrors.IdentityRejected;
import org.mintpost.token.workloads.ExchangeErrors.KeysUnavailable;
import org.mintpost.token.workloads.ExchangeErrors.NoMatchingPolicy;
import org.mintpost.token.workloads.ExchangeErrors.TooManyExchanges;

/** The exchange's refusals in API.md's error shape. */
public class ExchangeErrorMappers {

    static final String KEYS_RETRY_AFTER = "30";

    @ServerExceptionMapper
    public Response rejected(IdentityRejected e) {
        return ErrorResponses.error(401, "unauthenticated", "The identity token was not accepted: "
                + e.getMessage() + ".");
    }

    @ServerExceptionMapper
    public Response noPolicy(NoMatchingPolicy e) {
        return ErrorResponses.error(403, "forbidden", "No trusted workload allows this identity.");
    }

    @ServerExceptionMapper
    public Response keysUnavailable(KeysUnavailable e) {
        return ErrorResponses.retryLater(503, ErrorBody.of("unavailable",
                "The identity token's issuer keys cannot be fetched right now; retry later."), KEYS_RETRY_AFTER);
    }

    @ServerExceptionMapper
    public Response throttled(TooManyExchanges e) {
        return ErrorResponses.retryLater(429, ErrorBody.of("rate_limited", "Too many token exchanges; retry later."),
                String.valueOf(e.retryAfterSeconds()));
    }
}
