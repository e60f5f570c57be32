package org.mintpost.webhook.delivery;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** Keeps at most {@code limit} bytes of a response body and stops reading there: a huge answer costs the limit. */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

    private final int limit;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private Flow.Subscription subscription;

    CappedBody(int limit) {
        this.limit = limit;
    }

    static HttpResponse.BodyHandler<byte[]> handler(int limit) {
        return info -> new CappedBody(limit);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            int take = Math.min(buffer.remaining(), limit - out.size());
            byte[] bytes = new byte[take];
            buffer.get(bytes);
            out.write(bytes, 0, take);
        }
        if (out.size() >= limit && !body.isDone()) {
            body.complete(out.toByteArray());
            subscription.cancel();
        }
    }

    @Override
    public void onError(Throwable t) {
        if (!body.isDone()) {
            body.completeExceptionally(t);
        }
    }

    @Override
    public void onComplete() {
        if (!body.isDone()) {
            body.complete(out.toByteArray());
        }
    }
}
