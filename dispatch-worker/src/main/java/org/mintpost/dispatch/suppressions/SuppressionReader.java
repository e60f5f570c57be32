package org.mintpost.dispatch.suppressions;

import java.time.Duration;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.SuppressionChanged;
import org.mintpost.contracts.kafka.StateTopicReader;
import org.mintpost.contracts.kafka.SuppressionChangedDeserializer;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/** Reads the whole compacted {@code suppression-changes} topic into the {@link SuppressionList}, then follows it. */
@Singleton // not a client proxy: the reader base class has no no-args constructor
public class SuppressionReader extends StateTopicReader<SuppressionChanged> {

    private final SuppressionList list;

    public SuppressionReader(SuppressionList list, MeterRegistry registry,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        super(Topics.SUPPRESSION_CHANGES, new SuppressionChangedDeserializer(), "dispatch-worker-suppressions",
                bootstrapServers, Duration.ofMillis(100), Duration.ofMillis(50));
        this.list = list;
        registry.gauge("dispatch.suppressions", list, SuppressionList::size);
    }

    void start(@Observes StartupEvent event) {
        start();
    }

    void stop(@Observes ShutdownEvent event) {
        stop();
    }

    @Override
    protected void apply(String id, SuppressionChanged change) {
        list.accept(id, change);
    }

    @Override
    protected String summary() {
        return list.size() + " suppression entries";
    }
}
