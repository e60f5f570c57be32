package org.mintpost.token.domains;

/** No key-encryption key is configured, so no DKIM key can be made: 503 (an operator's fix, not the caller's). */
public class DkimUnavailable extends RuntimeException {

    public DkimUnavailable() {
        super("Sending domains cannot be created right now: the platform has no DKIM key-encryption key configured.");
    }
}
