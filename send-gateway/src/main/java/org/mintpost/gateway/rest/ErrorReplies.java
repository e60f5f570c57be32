package org.mintpost.gateway.rest;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * Contracts' {@code ErrorBody}, written by the Vert.x routes (forwarding, body limits) that answer before
 * Quarkus REST.
 */
final class ErrorReplies {

    private ErrorReplies() {
    }

    static void write(HttpServerResponse response, int status, String error, String message) {
        if (response.ended() || response.headWritten()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("message", message).put("error", error).encode());
    }
}
