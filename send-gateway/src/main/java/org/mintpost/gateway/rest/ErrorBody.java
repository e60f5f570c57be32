package org.mintpost.gateway.rest;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** The one error shape of API.md: {@code {"message", "error"}}, plus {@code errors} for 422. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String message, String error, Map<String, List<String>> errors) {

    public static ErrorBody of(String error, String message) {
        return new ErrorBody(message, error, null);
    }

    /** For the Vert.x routes (forwarding, body limits) that answer before Quarkus REST. */
    public static void write(HttpServerResponse response, int status, String error, String message) {
        if (response.ended() || response.headWritten()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("message", message).put("error", error).encode());
    }
}
