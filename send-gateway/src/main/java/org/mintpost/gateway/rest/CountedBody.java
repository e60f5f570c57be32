package org.mintpost.gateway.rest;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.ReadStream;

/**
 * A request body on its way upstream, counted in bytes as it streams (a chunked request declares no length): the
 * moment it passes {@code limit} nothing more is passed on, the body never ends upstream, and {@code overLimit} runs
 * once (it answers 413 and drops the rest). From then on the request belongs to that answer: what the pipe upstream
 * still asks of this stream (handlers removed, pause, resume) is ignored.
 */
final class CountedBody implements ReadStream<Buffer> {

    private final HttpServerRequest request;
    private final long limit;
    private final Runnable overLimit;
    private long bytes;
    private boolean over;

    CountedBody(HttpServerRequest request, long limit, Runnable overLimit) {
        this.request = request;
        this.limit = limit;
        this.overLimit = overLimit;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        if (over) {
            return this;
        }
        if (handler == null) {
            request.handler(null);
            return this;
        }
        request.handler(chunk -> {
            if (over) {
                return;
            }
            bytes += chunk.length();
            if (bytes > limit) {
                over = true;
                overLimit.run();
                return;
            }
            handler.handle(chunk);
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> handler) {
        if (over) {
            return this;
        }
        request.endHandler(handler == null ? null : v -> {
            if (!over) {
                handler.handle(v);
            }
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        if (over) {
            return this;
        }
        request.exceptionHandler(handler);
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        if (over) {
            return this;
        }
        request.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        if (over) {
            return this;
        }
        request.resume();
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        if (over) {
            return this;
        }
        request.fetch(amount);
        return this;
    }
}
