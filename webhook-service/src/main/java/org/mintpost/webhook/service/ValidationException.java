package org.mintpost.webhook.service;

import java.util.List;
import java.util.Map;

/** A 422: the field names and what is wrong with each. */
public class ValidationException extends RuntimeException {

    private final transient Map<String, List<String>> errors;

    public ValidationException(String field, String problem) {
        this(Map.of(field, List.of(problem)));
    }

    public ValidationException(Map<String, List<String>> errors) {
        super(errors.values().iterator().next().get(0), null, false, false);
        this.errors = errors;
    }

    public Map<String, List<String>> errors() {
        return errors;
    }
}
