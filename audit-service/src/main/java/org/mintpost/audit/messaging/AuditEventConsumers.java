package org.mintpost.audit.messaging;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.mintpost.audit.service.IngestService;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.MessageSource;
import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.contracts.event.TokenUsed;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * The four consumed topics, each read in batches (group {@code audit-service}, auto-commit off).
 * A batch is acknowledged when its {@code Uni} completes, i.e. after its insert committed; the
 * throttled commit strategy then commits only acknowledged offsets. Records that could not be
 * deserialized (and tombstones) arrive as null values: they are counted, logged and passed over.
 */
@ApplicationScoped
public class AuditEventConsumers {

    private final IngestService ingest;

    public AuditEventConsumers(IngestService ingest) {
        this.ingest = ingest;
    }

    @Incoming("token-usage")
    public Uni<Void> tokenUsage(ConsumerRecords<String, TokenUsed> records) {
        return ingest.storeUsage(values(records));
    }

    @Incoming("token-changes")
    public Uni<Void> tokenChanges(ConsumerRecords<String, TokenChanged> records) {
        return ingest.storeChanges(values(records));
    }

    @Incoming("delivery-events")
    public Uni<Void> deliveryEvents(ConsumerRecords<String, DeliveryEvent> records) {
        return ingest.storeDeliveries(values(records));
    }

    @Incoming("message-content")
    public Uni<Void> messageContent(ConsumerRecords<String, MessageSource> records) {
        return ingest.storeSources(values(records));
    }

    private <T> List<T> values(ConsumerRecords<String, T> records) {
        List<T> values = new ArrayList<>(records.count());
        for (ConsumerRecord<String, T> record : records) {
            if (record.value() == null) {
                Log.warnf("passing over an unreadable or empty record at %s-%d@%d", record.topic(),
                        record.partition(), record.offset());
                ingest.unreadable(record.topic(), 1);
            } else {
                values.add(record.value());
            }
        }
        return values;
    }
}
