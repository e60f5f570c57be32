package org.mintpost.contracts.api;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The one public error body of every service (API.md): {@code {"message", "error"}}, plus {@code errors}
 * (field key → messages, keys like {@code to.0}) for a 422. The same bytes whichever context answers.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String message, String error, Map<String, List<String>> errors) {

    public static final String VALIDATION_ERROR = "validation_error";

    public ErrorBody(String message, String error) {
        this(message, error, null);
    }

    public static ErrorBody of(String error, String message) {
        return new ErrorBody(message, error, null);
    }

    /** A 422's body: {@code error} is {@value #VALIDATION_ERROR}. */
    public static ErrorBody validation(String message, Map<String, List<String>> errors) {
        return new ErrorBody(message, VALIDATION_ERROR, errors);
    }
}
