package org.mintpost.gateway.rest;

import java.util.List;

import org.mintpost.contracts.api.ErrorBody;
import org.mintpost.gateway.client.TokenLookupClient;
import org.mintpost.gateway.service.AuthFailureThrottle;
import org.mintpost.gateway.service.AuthResult;
import org.mintpost.gateway.service.RateLimiter;
import org.mintpost.gateway.service.SendApi;
import org.mintpost.gateway.service.SendRefusedException;

import io.quarkus.logging.Log;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;

/** Maps each failure kind of the Sending API to its status, headers and {@link ErrorBody}. */
final class SendErrors {

    private SendErrors() {
    }

    static void write(HttpServerResponse response, Throwable failure) {
        if (response.ended() || response.closed()) {
            return;
        }
        ErrorBody body;
        int status;
        if (failure instanceof SendApi.AuthRefusedException refused) {
            AuthResult result = refused.result();
            status = result.unauthenticated() ? 401 : 403;
            body = ErrorBody.of(status == 401 ? "unauthenticated" : "forbidden", authMessage(result));
        } else if (failure instanceof SendApi.InvalidJsonException invalid) {
            status = 400;
            body = ErrorBody.of("invalid_json", invalid.getMessage());
        } else if (failure instanceof SendApi.ValidationFailedException validation) {
            status = 422;
            body = new ErrorBody(validationMessage(validation), "validation_error", validation.errors());
        } else if (failure instanceof SendRefusedException refused) {
            switch (refused.kind()) {
                case IDEMPOTENCY_CONFLICT -> {
                    status = 409;
                    body = ErrorBody.of("idempotency_conflict", refused.getMessage());
                }
                case TOO_LARGE -> {
                    status = 413;
                    body = ErrorBody.of("payload_too_large", refused.getMessage());
                }
                case RATE_LIMITED -> {
                    RateLimiter.Decision decision = refused.decision();
                    status = 429;
                    response.putHeader("Retry-After", String.valueOf(decision.retryAfterSeconds()))
                            .putHeader("X-RateLimit-Limit", String.valueOf(decision.limit()))
                            .putHeader("X-RateLimit-Remaining", "0");
                    body = ErrorBody.of("rate_limited", refused.getMessage());
                }
                default -> {
                    status = 503;
                    response.putHeader("Retry-After", "5");
                    body = ErrorBody.of("unavailable", refused.getMessage());
                }
            }
        } else if (failure instanceof ApiError api) {
            status = api.status();
            api.headers().forEach(response::putHeader);
            body = new ErrorBody(api.getMessage(), api.error(), api.errors());
        } else if (failure instanceof AuthFailureThrottle.ThrottledException throttled) {
            status = 429;
            response.putHeader("Retry-After", String.valueOf(throttled.retryAfterSeconds()))
                    .putHeader("X-RateLimit-Limit", String.valueOf(throttled.limit()))
                    .putHeader("X-RateLimit-Remaining", "0");
            body = ErrorBody.of("rate_limited", ErrorMappers.THROTTLED_MESSAGE);
        } else if (failure instanceof TokenLookupClient.LookupUnavailableException) {
            Log.warnf("token lookup unavailable: %s", failure.getMessage());
            status = 503;
            response.putHeader("Retry-After", "5");
            body = ErrorBody.of("unavailable", "The token cannot be checked right now; retry later.");
        } else {
            Log.errorf("unexpected failure on the Sending API: %s", failure.toString());
            status = 500;
            body = ErrorBody.of("internal_error", "Something went wrong on our side.");
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(Json.encode(body));
    }

    static String authMessage(AuthResult result) {
        return switch (result.reason()) {
            case AuthResult.MALFORMED -> "The API token is missing or malformed.";
            case AuthResult.REVOKED -> "The API token has been revoked.";
            case AuthResult.EXPIRED -> "The API token has expired.";
            case AuthResult.UNKNOWN -> "The API token is not valid.";
            case AuthResult.IP_DENIED -> "The API token may not be used from this IP address.";
            default -> "This token may not use this endpoint.";
        };
    }

    private static String validationMessage(SendApi.ValidationFailedException e) {
        String first = e.errors().values().stream().flatMap(List::stream).findFirst()
                .orElse("The request is invalid.");
        return e.errors().size() > 1 ? first + " (and " + (e.errors().size() - 1) + " more errors)" : first;
    }
}
