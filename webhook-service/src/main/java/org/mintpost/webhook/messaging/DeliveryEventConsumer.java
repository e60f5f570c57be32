package org.mintpost.webhook.messaging;

import java.util.List;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.webhook.delivery.DeliveryWorker;
import org.mintpost.webhook.service.IngestService;

import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Reads {@code delivery-events} in batches. A batch's offsets are committed only after its jobs are in the
 * queue's table; while the database is away the batch is tried again (never skipped), so nothing is lost.
 */
@ApplicationScoped
public class DeliveryEventConsumer {

    private final IngestService ingest;
    private final DeliveryWorker worker;

    public DeliveryEventConsumer(IngestService ingest, DeliveryWorker worker) {
        this.ingest = ingest;
        this.worker = worker;
    }

    @Incoming("delivery-events")
    @Blocking(ordered = true)
    public void consume(List<DeliveryEvent> events) {
        List<DeliveryEvent> readable = events.stream().filter(Objects::nonNull).toList();
        UntilQueued.run("delivery events", () -> ingest.store(readable), worker);
    }
}
