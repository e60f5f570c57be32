package org.mintpost.token.rest.errors;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** JAX-RS errors (unknown path, wrong method, unsupported media type…) in the API.md shape. */
@Provider
public class HttpErrorMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        return switch (status) {
            case 400 -> ErrorResponses.error(400, "invalid_json", "The request body is not valid JSON.");
            case 401 -> ErrorResponses.error(401, "unauthenticated", "Authentication is required.");
            case 403 -> ErrorResponses.error(403, "forbidden", "This request is not allowed.");
            case 404 -> ErrorResponses.error(404, "not_found", "Not found.");
            case 405 -> ErrorResponses.error(405, "method_not_allowed", "This method is not allowed here.");
            case 406 -> ErrorResponses.error(406, "not_acceptable", "Only application/json is produced.");
            case 413 -> ErrorResponses.error(413, "payload_too_large", "The request body is too large.");
            case 415 -> ErrorResponses.error(415, "unsupported_media_type", "Send the body as application/json.");
            default -> status >= 500
                    ? ErrorResponses.error(500, "internal_error", "Something went wrong on our side.")
                    : ErrorResponses.error(status, "http_" + status, "The request could not be handled.");
        };
    }
}
