package org.mintpost.webhook.delivery;

import java.util.List;

/**
 * What one attempt came to.
 *
 * @param status     the SDK's {@code WebhookDeliveryStatus}: {@code success}, {@code client_error} (4xx other than
 *                   408/429, a redirect, a refused target: not retried), {@code server_error} (5xx),
 *                   {@code timeout}, {@code failed} (408, 429, connection trouble)
 * @param retry      whether the event is tried again
 * @param retryAfter seconds the receiver asked for ({@code Retry-After}), or null
 */
public record Outcome(String status, boolean retry, Integer httpStatusCode, int durationMs, String responseBody,
        List<String> responseHeaders, String errorMessage, Long retryAfter) {

    public static final String SUCCESS = "success";
    public static final String CLIENT_ERROR = "client_error";
    public static final String SERVER_ERROR = "server_error";
    public static final String TIMEOUT = "timeout";
    public static final String FAILED = "failed";

    public boolean success() {
        return SUCCESS.equals(status);
    }

    static Outcome of(int code, int durationMs, String body, List<String> headers, Long retryAfter) {
        if (code >= 200 && code < 300) {
            return new Outcome(SUCCESS, false, code, durationMs, body, headers, null, null);
        }
        if (code >= 500) {
            return new Outcome(SERVER_ERROR, true, code, durationMs, body, headers, "HTTP " + code, retryAfter);
        }
        if (code == 408 || code == 429) {
            return new Outcome(FAILED, true, code, durationMs, body, headers, "HTTP " + code, retryAfter);
        }
        String error = code >= 300 && code < 400 ? "HTTP " + code + ": redirects are not followed" : "HTTP " + code;
        return new Outcome(CLIENT_ERROR, false, code, durationMs, body, headers, error, null);
    }

    static Outcome error(String status, boolean retry, int durationMs, String message) {
        return new Outcome(status, retry, null, durationMs, null, null, message, null);
    }
}
