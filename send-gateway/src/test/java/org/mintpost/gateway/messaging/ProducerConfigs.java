package org.mintpost.gateway.messaging;

import java.lang.reflect.Proxy;
import java.time.Duration;

import org.mintpost.gateway.config.GatewayConfig;

/** A {@link GatewayConfig} with only the keys the producer and its publishers read (defaults otherwise). */
final class ProducerConfigs {

    private ProducerConfigs() {
    }

    static GatewayConfig config(String bootstrapServers, int usageBufferSize, Duration sendTimeout) {
        GatewayConfig.Kafka kafka = proxy(GatewayConfig.Kafka.class, name -> switch (name) {
            case "bootstrapServers" -> bootstrapServers;
            case "sendTimeout" -> sendTimeout;
            case "maxRequestSize" -> 1 << 20;
            case "lingerMs" -> 20;
            case "batchSize" -> 131072;
            default -> throw new UnsupportedOperationException(name);
        });
        GatewayConfig.Usage usage = proxy(GatewayConfig.Usage.class, name -> switch (name) {
            case "bufferSize" -> usageBufferSize;
            default -> throw new UnsupportedOperationException(name);
        });
        return proxy(GatewayConfig.class, name -> switch (name) {
            case "kafka" -> kafka;
            case "usage" -> usage;
            default -> throw new UnsupportedOperationException(name);
        });
    }

    private static <T> T proxy(Class<T> type, java.util.function.Function<String, Object> answers) {
        return type.cast(Proxy.newProxyInstance(ProducerConfigs.class.getClassLoader(), new Class<?>[] { type },
                (self, method, args) -> answers.apply(method.getName())));
    }
}
