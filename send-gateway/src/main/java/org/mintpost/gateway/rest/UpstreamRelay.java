package org.mintpost.gateway.rest;

import java.util.Locale;

import io.quarkus.logging.Log;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** Hands an upstream's answer back to the client of a forwarded call, or says the upstream is down. */
final class UpstreamRelay {

    private UpstreamRelay() {
    }

    static void relay(HttpClientResponse upstream, HttpServerResponse response) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(upstream.statusCode());
        if (upstream.statusMessage() != null) {
            response.setStatusMessage(upstream.statusMessage());
        }
        upstream.headers().forEach(header -> {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!EdgeForwarder.HOP_BY_HOP.contains(name)) {
                response.headers().add(header.getKey(), header.getValue());
            }
        });
        String length = upstream.getHeader("Content-Length");
        if (length != null) {
            response.putHeader("Content-Length", length);
        } else {
            response.setChunked(true);
        }
        // by hand rather than pipeTo: a client gone mid-body closes the response, and the pipe's next
        // writeQueueFull() then threw "Response has already been written" on the event loop (HttpFuzzIT)
        response.closeHandler(v -> upstream.request().reset());
        upstream.handler(chunk -> {
            if (response.closed() || response.ended()) {
                return;
            }
            response.write(chunk);
            if (response.writeQueueFull()) {
                upstream.pause();
                response.drainHandler(v -> upstream.resume());
            }
        });
        upstream.exceptionHandler(e -> {
            if (!response.closed() && !response.ended()) {
                response.reset();
            }
        });
        upstream.endHandler(v -> {
            if (!response.closed() && !response.ended()) {
                response.end();
            }
        });
        upstream.resume();
    }

    static void upstreamDown(RoutingContext ctx, Throwable cause) {
        if (ctx.response().headWritten()) {
            return; // answered already (a body over the limit: 413, and the upstream request reset)
        }
        Log.warnf("upstream unavailable for %s: %s", ctx.normalizedPath(), cause.toString());
        ctx.request().resume();
        ErrorReplies.write(ctx.response(), 502, "upstream_unavailable",
                "The service behind this path is not available right now.");
    }

}
