package org.mintpost.gateway.messaging;

import java.time.Duration;

import org.mintpost.gateway.config.GatewayConfig;
import org.mintpost.testing.ConfigProxy;

/** A {@link GatewayConfig} with only the keys the producer and its publishers read (defaults otherwise). */
final class ProducerConfigs {

    private ProducerConfigs() {
    }

    static GatewayConfig config(String bootstrapServers, int usageBufferSize, Duration sendTimeout) {
        return config(bootstrapServers, usageBufferSize, sendTimeout, Duration.ofMillis(20));
    }

    static GatewayConfig config(String bootstrapServers, int usageBufferSize, Duration sendTimeout,
            Duration usageLinger) {
        GatewayConfig.Kafka kafka = ConfigProxy.of(GatewayConfig.Kafka.class, name -> switch (name) {
            case "bootstrapServers" -> bootstrapServers;
            case "sendTimeout" -> sendTimeout;
            case "maxRequestSize" -> 1 << 20;
            case "lingerMs" -> 20;
            case "batchSize" -> 131072;
            default -> throw new UnsupportedOperationException(name);
        });
        GatewayConfig.Usage usage = ConfigProxy.of(GatewayConfig.Usage.class, name -> switch (name) {
            case "bufferSize" -> usageBufferSize;
            case "linger" -> usageLinger;
            case "batchSize" -> 1 << 20;
            default -> throw new UnsupportedOperationException(name);
        });
        return ConfigProxy.of(GatewayConfig.class, name -> switch (name) {
            case "kafka" -> kafka;
            case "usage" -> usage;
            default -> throw new UnsupportedOperationException(name);
        });
    }
}
