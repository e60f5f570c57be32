package org.mintpost.token.leaks;

/** The client address sent more leak reports than allowed this minute. */
public class TooManyReports extends RuntimeException {

    private final long retryAfterSeconds;

    public TooManyReports(long retryAfterSeconds) {
        super("too many leak reports from this address");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
