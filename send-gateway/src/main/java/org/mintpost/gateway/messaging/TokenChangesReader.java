package org.mintpost.gateway.messaging;

import java.time.Duration;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.contracts.kafka.StateTopicReader;
import org.mintpost.contracts.kafka.TokenChangedDeserializer;
import org.mintpost.gateway.config.GatewayConfig;
import org.mintpost.gateway.service.TokenMap;
import org.mintpost.gateway.service.UnknownTokenCache;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/** Reads the whole compacted {@code token-changes} topic into the {@link TokenMap}. */
@Singleton // not a client proxy: the reader base class has no no-args constructor
public class TokenChangesReader extends StateTopicReader<TokenChanged> {

    private final TokenMap map;
    private final UnknownTokenCache unknown;

    @Inject
    public TokenChangesReader(TokenMap map, UnknownTokenCache unknown, GatewayConfig config, MeterRegistry registry) {
        this(map, unknown, config.kafka().bootstrapServers(), config.tokenMap().pollTimeout(),
                config.tokenMap().fetchMaxWait(), registry);
    }

    public TokenChangesReader(TokenMap map, UnknownTokenCache unknown, String bootstrapServers, Duration pollTimeout,
            Duration fetchMaxWait, MeterRegistry registry) {
        super(Topics.TOKEN_CHANGES, new TokenChangedDeserializer(), "send-gateway-token-map", bootstrapServers,
                pollTimeout, fetchMaxWait);
        this.map = map;
        this.unknown = unknown;
        registry.gauge("mintpost.gateway.token.map.size", map, TokenMap::size);
        registry.gauge("mintpost.gateway.token.map.ready", caughtUpFlag(), b -> b.get() ? 1 : 0);
        registry.gauge("mintpost.gateway.token.map.age.seconds", this, StateTopicReader::secondsBehind);
    }

    void start(@Observes StartupEvent event) {
        start();
    }

    void stop(@Observes ShutdownEvent event) {
        stop();
    }

    @Override
    protected void apply(String tokenId, TokenChanged change) {
        if (change == null) {
            map.remove(tokenId);
        } else if (map.apply(change)) {
            unknown.forget(change.tokenHash());
            unknown.forget(change.previousHash());
        }
    }

    @Override
    protected String summary() {
        return map.size() + " tokens in the map";
    }
}
