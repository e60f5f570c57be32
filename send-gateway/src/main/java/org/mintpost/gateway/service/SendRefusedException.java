package org.mintpost.gateway.service;

/**
 * A send that cannot be accepted for a reason the client can act on. {@link #reason()} is the
 * {@code TokenUsed} reason recorded for it.
 */
public class SendRefusedException extends RuntimeException {

    /** Which refusal: each kind has its own HTTP answer. */
    public enum Kind { IDEMPOTENCY_CONFLICT, RATE_LIMITED, UNAVAILABLE, TOO_LARGE }

    private final Kind kind;
    private final transient RateLimiter.Decision decision;

    public SendRefusedException(Kind kind, String message, RateLimiter.Decision decision) {
        super(message, null, false, false);
        this.kind = kind;
        this.decision = decision;
    }

    public static SendRefusedException conflict(String message) {
        return new SendRefusedException(Kind.IDEMPOTENCY_CONFLICT, message, null);
    }

    public static SendRefusedException unavailable(String message) {
        return new SendRefusedException(Kind.UNAVAILABLE, message, null);
    }

    public Kind kind() {
        return kind;
    }

    public RateLimiter.Decision decision() {
        return decision;
    }

    public String reason() {
        return switch (kind) {
            case IDEMPOTENCY_CONFLICT -> AuthResult.IDEMPOTENCY_CONFLICT;
            case RATE_LIMITED -> AuthResult.RATE_LIMITED;
            case TOO_LARGE -> AuthResult.TOO_LARGE;
            case UNAVAILABLE -> "unavailable";
        };
    }
}
