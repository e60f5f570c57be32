package org.mintpost.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** {@code @QuarkusTestResource(KafkaResource.class)}: points the app at the JVM's real test broker. */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers());
    }

    @Override
    public void stop() {
        // the broker lives for the whole test JVM: other test classes reuse it
    }
}
