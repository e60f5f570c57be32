package org.mintpost.gateway.routes;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.RouteChanged;
import org.mintpost.contracts.kafka.RouteChangedDeserializer;
import org.mintpost.contracts.kafka.StateTopicReader;
import org.mintpost.gateway.config.GatewayConfig;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/** Reads the whole compacted {@code route-changes} topic into {@link RouteMap}. */
@Singleton // not a client proxy: the reader base class has no no-args constructor
public class RouteChangesReader extends StateTopicReader<RouteChanged> {

    private final RouteMap routes;

    public RouteChangesReader(RouteMap routes, GatewayConfig config, MeterRegistry registry) {
        super(Topics.ROUTE_CHANGES, new RouteChangedDeserializer(), "send-gateway-route-map",
                config.kafka().bootstrapServers(), config.tokenMap().pollTimeout(), config.tokenMap().fetchMaxWait());
        this.routes = routes;
        registry.gauge("mintpost.gateway.route.map.size", routes, RouteMap::size);
    }

    void start(@Observes StartupEvent event) {
        start();
    }

    void stop(@Observes ShutdownEvent event) {
        stop();
    }

    @Override
    protected void apply(String routeId, RouteChanged change) {
        routes.accept(routeId, change);
    }

    @Override
    protected String summary() {
        return routes.size() + " routes in memory";
    }
}
