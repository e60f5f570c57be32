package org.mintpost.token.service;

/** The resource does not exist or is not visible to the caller (never told apart). */
public class NotFound extends RuntimeException {

    public NotFound(String what) {
        super(what + " not found");
    }
}
