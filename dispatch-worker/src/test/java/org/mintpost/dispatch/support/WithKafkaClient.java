package org.mintpost.dispatch.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.mintpost.testing.KafkaBroker;

/** A test class that publishes jobs and reads what the worker publishes: one {@link KafkaTestClient} per class. */
public abstract class WithKafkaClient {

    protected static KafkaTestClient kafka;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient(KafkaBroker.shared().bootstrapServers());
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        kafka.close();
    }
}
