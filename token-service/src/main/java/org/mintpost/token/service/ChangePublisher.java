package org.mintpost.token.service;

import io.smallrye.mutiny.Uni;

/**
 * Publishes committed outbox rows now. The returned {@link Uni} completes once every row committed
 * before the call has been acknowledged by Kafka, and fails with {@link PublicationPending} when that
 * does not happen in time (the relay keeps trying).
 */
public interface ChangePublisher {

    Uni<Void> publishCommitted();

    /** Asks for a publication round without waiting for it (e.g. after a background change). */
    void nudge();
}
