package org.mintpost.webhook.service;

/** A resource that does not exist or that the caller may not see (never told apart: API.md 404). */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message, null, false, false);
    }
}
