package org.mintpost.gateway.domains;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.DomainChanged;
import org.mintpost.contracts.kafka.DomainChangedDeserializer;
import org.mintpost.contracts.kafka.StateTopicReader;
import org.mintpost.gateway.config.GatewayConfig;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/** Reads the whole compacted {@code domain-changes} topic into {@link SendingDomains}. */
@Singleton // not a client proxy: the reader base class has no no-args constructor
public class DomainChangesReader extends StateTopicReader<DomainChanged> {

    private final SendingDomains domains;

    public DomainChangesReader(SendingDomains domains, GatewayConfig config, MeterRegistry registry) {
        super(Topics.DOMAIN_CHANGES, new DomainChangedDeserializer(), "send-gateway-domain-map",
                config.kafka().bootstrapServers(), config.tokenMap().pollTimeout(), config.tokenMap().fetchMaxWait());
        this.domains = domains;
        registry.gauge("mintpost.gateway.domain.map.size", domains, SendingDomains::size);
    }

    void start(@Observes StartupEvent event) {
        start();
    }

    void stop(@Observes ShutdownEvent event) {
        stop();
    }

    @Override
    protected void apply(String domainId, DomainChanged change) {
        domains.accept(domainId, change);
    }

    @Override
    protected String summary() {
        return domains.size() + " sending domains in memory";
    }
}
