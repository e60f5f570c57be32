package org.mintpost.token.domains;

import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Work that completes on another thread (RSA key generation on a worker, a DNS answer on dnsjava's thread),
 * its result handed back on the caller's Vert.x context, where Hibernate Reactive must go on.
 */
public final class OnContext {

    private OnContext() {
    }

    /** {@code uni}, its item emitted on the Vert.x context of whoever subscribes (if any). */
    public static <T> Uni<T> back(Uni<T> uni) {
        return Uni.createFrom().deferred(() -> {
            Context context = Vertx.currentContext();
            return context == null ? uni : uni.emitOn(task -> context.runOnContext(ignored -> task.run()));
        });
    }

    static <T> Uni<T> blocking(Supplier<T> work) {
        return back(Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }
}
