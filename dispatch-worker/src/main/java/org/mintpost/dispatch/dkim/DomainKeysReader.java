package org.mintpost.dispatch.dkim;

import java.time.Duration;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.DomainChanged;
import org.mintpost.contracts.kafka.DomainChangedDeserializer;
import org.mintpost.contracts.kafka.StateTopicReader;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/** Reads the whole compacted {@code domain-changes} topic into {@link SigningKeys}. */
@Singleton // not a client proxy: the reader base class has no no-args constructor
public class DomainKeysReader extends StateTopicReader<DomainChanged> {

    private final SigningKeys keys;

    public DomainKeysReader(SigningKeys keys, MeterRegistry registry,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        super(Topics.DOMAIN_CHANGES, new DomainChangedDeserializer(), "dispatch-worker-dkim-keys", bootstrapServers,
                Duration.ofMillis(100), Duration.ofMillis(100));
        this.keys = keys;
        registry.gauge("dispatch.dkim.domains", keys, SigningKeys::size);
    }

    void start(@Observes StartupEvent event) {
        start();
    }

    void stop(@Observes ShutdownEvent event) {
        stop();
    }

    @Override
    protected void apply(String domainId, DomainChanged change) {
        keys.accept(domainId, change);
    }

    @Override
    protected String summary() {
        return keys.size() + " sending domains";
    }
}
