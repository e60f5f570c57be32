package org.mintpost.audit.service;

/** The resource does not exist or is not visible to the caller: both read as 404, so nothing leaks. */
public class ResourceNotFoundException extends RuntimeException {

    public ResourceNotFoundException(String message) {
        super(message, null, false, false);
    }
}
