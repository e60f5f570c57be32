package org.mintpost.gateway.rest;

import java.util.List;
import java.util.Map;

import org.mintpost.contracts.api.ErrorBody;

/** An HTTP error answered as {@link ErrorBody}; thrown by resources, mapped by {@link ErrorMappers}. */
public class ApiError extends RuntimeException {

    private final int status;
    private final String error;
    private final transient Map<String, List<String>> errors;
    private final transient Map<String, String> headers;

    public ApiError(int status, String error, String message) {
        this(status, error, message, null, Map.of());
    }

    public ApiError(int status, String error, String message, Map<String, List<String>> errors,
            Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
        this.errors = errors;
        this.headers = headers;
    }

    public static ApiError unauthenticated(String message) {
        return new ApiError(401, "unauthenticated", message);
    }

    public static ApiError forbidden(String message) {
        return new ApiError(403, "forbidden", message);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public Map<String, List<String>> errors() {
        return errors;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
