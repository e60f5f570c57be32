package org.mintpost.audit.service;

import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.Topics;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/** Counters of what ingestion did, per topic. Labels never carry ids or secrets. */
@Startup
@ApplicationScoped
public class IngestMetrics {

    private final MeterRegistry registry;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (String topic : List.of(Topics.TOKEN_USAGE, Topics.TOKEN_CHANGES, Topics.DELIVERY_EVENTS)) {
            batch(topic, 0, 0, 0);
            registry.counter("audit.store.failures", "topic", topic);
        }
    }

    /** How long storing one batch took, retries included. */
    public void storeTime(String topic, long nanos) {
        registry.timer("audit.batch.store", "topic", topic).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void batch(String topic, int received, int stored, int duplicates) {
        registry.counter("audit.batches", "topic", topic).increment();
        registry.counter("audit.events.received", "topic", topic).increment(received);
        registry.counter("audit.events.stored", "topic", topic).increment(stored);
        registry.counter("audit.events.duplicate", "topic", topic).increment(duplicates);
    }

    /** Events left out: {@code unreadable}, {@code invalid}, {@code no_token}, {@code past_retention}. */
    public void skipped(String topic, String reason, int count) {
        if (count > 0) {
            registry.counter("audit.events.skipped", "topic", topic, "reason", reason).increment(count);
        }
    }

    public void storeFailure(String topic) {
        registry.counter("audit.store.failures", "topic", topic).increment();
    }

    public void retentionDeleted(String table, int count) {
        registry.counter("audit.retention.deleted", "table", table).increment(count);
    }
}
