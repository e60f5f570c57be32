package org.mintpost.webhook.rest;

import java.util.List;
import java.util.Map;

/** A 422: {@code {"message", "error": "validation_error", "errors": {field: [...]}}}. */
public record ValidationErrorBody(String message, String error, Map<String, List<String>> errors) {
}
