package org.mintpost.webhook.rest;

/** A body that is not JSON at all (400 {@code invalid_json}). */
public class InvalidJsonException extends RuntimeException {

    public InvalidJsonException() {
        super("The request body is not valid JSON.", null, false, false);
    }
}
