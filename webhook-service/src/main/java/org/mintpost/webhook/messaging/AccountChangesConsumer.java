package org.mintpost.webhook.messaging;

import java.util.function.IntSupplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.mintpost.contracts.event.SuppressionChanged;
import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.webhook.delivery.DeliveryWorker;
import org.mintpost.webhook.service.AccountEventIngest;

import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Reads token-service's {@code suppression-changes} and {@code token-changes} (groups {@code webhook-service-*}):
 * suppression entries added and removed, and tokens revoked as leaked, become webhook jobs. An offset is
 * committed only after its jobs are in the queue's table; while the database is away the record is tried again.
 */
@ApplicationScoped
public class AccountChangesConsumer {

    private final AccountEventIngest ingest;
    private final DeliveryWorker worker;

    public AccountChangesConsumer(AccountEventIngest ingest, DeliveryWorker worker) {
        this.ingest = ingest;
        this.worker = worker;
    }

    @Incoming("suppression-changes")
    @Blocking(ordered = true)
    public void suppression(SuppressionChanged change) {
        store(() -> ingest.suppression(change));
    }

    @Incoming("token-changes")
    @Blocking(ordered = true)
    public void token(TokenChanged change) {
        store(() -> ingest.token(change));
    }

    private void store(IntSupplier queue) {
        UntilQueued.run("account change", queue, worker);
    }
}
