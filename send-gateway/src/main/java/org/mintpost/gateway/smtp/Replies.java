package org.mintpost.gateway.smtp;

import org.mintpost.gateway.service.AuthResult;
import org.mintpost.gateway.service.SendRefusedException;
import org.subethamail.smtp.RejectException;

/** The relay's SMTP replies for refusals (API.md "SMTP relay"); the code goes separately, the text carries the enhanced status. */
final class Replies {

    static final String QUEUED = "2.0.0 Ok: queued as ";

    private Replies() {
    }

    /** A refused token, at AUTH or at a later command. */
    static RejectException refusedToken(String reason) {
        if (AuthResult.IP_DENIED.equals(reason)) {
            return new RejectException(550, "5.7.1 This token may not be used from your address");
        }
        if (AuthResult.SMTP_DISABLED.equals(reason)) {
            return new RejectException(550, "5.7.1 SMTP is disabled for this project");
        }
        return new RejectException(535, "5.7.8 Authentication credentials invalid");
    }

    static RejectException throttledAuth() {
        return new RejectException(451, "4.7.1 Too many failed authentications, try again later");
    }

    static RejectException authUnavailable() {
        return new RejectException(454, "4.7.0 Temporary authentication failure, try again later");
    }

    static RejectException tooLarge(int max) {
        return new RejectException(552, "5.3.4 Message size exceeds fixed limit of " + max + " bytes");
    }

    static RejectException refusedSend(SendRefusedException e) {
        return switch (e.kind()) {
            case RATE_LIMITED -> new RejectException(451, "4.7.1 Rate limit reached, slow down and try again later");
            case TOO_LARGE -> new RejectException(552, "5.3.4 Message is larger than the platform can queue");
            case IDEMPOTENCY_CONFLICT -> e.getMessage().contains("in flight")
                    ? new RejectException(451, "4.5.0 " + e.getMessage())
                    : new RejectException(554, "5.5.0 " + e.getMessage());
            case UNAVAILABLE -> new RejectException(451, "4.3.0 " + e.getMessage());
        };
    }

    static RejectException unavailable() {
        return new RejectException(451, "4.3.0 The message could not be queued, try again later");
    }
}
