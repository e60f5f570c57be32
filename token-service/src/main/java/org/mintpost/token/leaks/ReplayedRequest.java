package org.mintpost.token.leaks;

/** A secret-scanning request whose signature was already handled: refused, nothing changes. */
public class ReplayedRequest extends RuntimeException {

    public ReplayedRequest() {
        super("this request was already handled");
    }
}
