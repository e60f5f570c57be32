package org.mintpost.webhook.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Other protocol errors (405, 406, 415, ...) keep their status but get the JSON error shape. */
@Provider
public class WebApplicationErrorMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException e) {
        int status = e.getResponse() == null ? 400 : e.getResponse().getStatus();
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String phrase = type == null ? "Bad request" : type.getReasonPhrase();
        if (status >= 500) {
            return Errors.of(500, "Internal error.", "internal_error");
        }
        return Errors.of(status, phrase + ".", phrase.toLowerCase().replaceAll("[^a-z0-9]+", "_"));
    }
}
