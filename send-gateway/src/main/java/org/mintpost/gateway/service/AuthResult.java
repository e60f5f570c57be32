package org.mintpost.gateway.service;

/**
 * The answer to "may this token be used here?". {@code reason} is null when accepted, else a
 * {@code TokenUsed} reason; {@code grant} is set when the token is known (also when refused, so the
 * refusal can be logged against it). {@code display} is the safe form of the presented token.
 */
public record AuthResult(Grant grant, String reason, String display) {

    public static final String MALFORMED = "malformed";
    public static final String UNKNOWN = "unknown";
    public static final String REVOKED = "revoked";
    public static final String EXPIRED = "expired";
    public static final String IP_DENIED = "ip_denied";
    public static final String FORBIDDEN = "forbidden";
    public static final String SMTP_DISABLED = "smtp_disabled";
    public static final String RATE_LIMITED = "rate_limited";
    public static final String VALIDATION = "validation";
    public static final String IDEMPOTENCY_CONFLICT = "idempotency_conflict";
    public static final String TOO_LARGE = "too_large";

    public static AuthResult accepted(Grant grant, String display) {
        return new AuthResult(grant, null, display);
    }

    public static AuthResult refused(String reason, String display) {
        return new AuthResult(null, reason, display);
    }

    public static AuthResult refused(String reason, Grant known, String display) {
        return new AuthResult(known, reason, display);
    }

    public boolean ok() {
        return reason == null;
    }

    /** True when the refusal means "who are you?" (401) rather than "not allowed" (403). */
    public boolean unauthenticated() {
        return MALFORMED.equals(reason) || UNKNOWN.equals(reason) || REVOKED.equals(reason)
                || EXPIRED.equals(reason);
    }
}
