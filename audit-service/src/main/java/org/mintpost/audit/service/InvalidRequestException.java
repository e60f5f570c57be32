package org.mintpost.audit.service;

import java.util.List;
import java.util.Map;

/** Request parameters that failed validation, per field, as the 422 body lists them. */
public class InvalidRequestException extends RuntimeException {

    private final transient Map<String, List<String>> errors;

    public InvalidRequestException(Map<String, List<String>> errors) {
        super("The given data was invalid.", null, false, false);
        this.errors = Map.copyOf(errors);
    }

    public Map<String, List<String>> errors() {
        return errors;
    }
}
