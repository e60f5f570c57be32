package org.mintpost.token.service;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Input that fails validation: field path → messages, as API.md's 422 body carries them. */
public class ValidationFailed extends RuntimeException {

    private final Map<String, List<String>> errors;

    public ValidationFailed(Map<String, List<String>> errors) {
        super(summary(errors));
        this.errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
    }

    public static ValidationFailed of(String field, String message) {
        return new ValidationFailed(Map.of(field, List.of(message)));
    }

    /** Field path (e.g. {@code allowed_ips.1}) → messages, in the order found. */
    public Map<String, List<String>> errors() {
        return errors;
    }

    private static String summary(Map<String, List<String>> errors) {
        return errors.entrySet().stream().findFirst()
                .map(e -> e.getValue().get(0)
                        + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more errors)" : ""))
                .orElse("The given data was invalid.");
    }
}
