package org.mintpost.dispatch.direct;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shaping state of every destination seen, by MX rollup key; the limits of a destination are those of the
 * first {@code mintpost.delivery.destination."<suffix>".*} whose suffix ends one of its MX host names, else the
 * defaults.
 */
final class Destinations {

    private final DeliveryConfig config;
    private final Map<String, DestinationState> states = new ConcurrentHashMap<>();

    Destinations(DeliveryConfig config) {
        this.config = config;
    }

    DestinationState of(Destination destination) {
        return states.computeIfAbsent(destination.key(),
                key -> new DestinationState(key, limits(destination), config.backoff()));
    }

    private DeliveryConfig.Limits limits(Destination destination) {
        for (Destination.Host host : destination.hosts()) {
            String name = host.name().toLowerCase(Locale.ROOT);
            for (Map.Entry<String, DeliveryConfig.Limits> e : config.destinations().entrySet()) {
                String suffix = e.getKey().toLowerCase(Locale.ROOT);
                if (name.equals(suffix) || name.endsWith("." + suffix)) {
                    return e.getValue();
                }
            }
        }
        return config.limits();
    }

    void closeAll() {
        states.values().forEach(DestinationState::closeIdle);
    }
}
