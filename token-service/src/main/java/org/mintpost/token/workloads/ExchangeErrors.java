package org.mintpost.token.workloads;

/** Why an exchange of an identity token was refused; none of them carries the identity token. */
public final class ExchangeErrors {

    private ExchangeErrors() {
    }

    /** The identity token does not verify, or was used before: 401 with the reason. */
    public static class IdentityRejected extends RuntimeException {
        public IdentityRejected(String reason) {
            super(reason);
        }
    }

    /** It verifies but no policy trusts it: 403 that says nothing about which policies exist. */
    public static class NoMatchingPolicy extends RuntimeException {
        public NoMatchingPolicy() {
            super("no trusted workload matches this identity");
        }
    }

    /** The issuer's keys cannot be fetched (timeout, error, garbage): 503 with Retry-After. */
    public static class KeysUnavailable extends RuntimeException {
        public KeysUnavailable(String reason) {
            super(reason);
        }
    }

    /** Too many exchanges from one address or for one issuer this minute: 429 with Retry-After. */
    public static class TooManyExchanges extends RuntimeException {
        private final long retryAfterSeconds;

        public TooManyExchanges(long retryAfterSeconds) {
            super("too many exchanges");
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
