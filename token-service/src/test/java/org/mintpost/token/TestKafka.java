package org.mintpost.token;

import java.util.Map;

import org.apache.kafka.common.utils.Exit;
import org.mintpost.testing.KafkaResource;

/**
 * test-support's {@link KafkaResource}, plus one guard: at JVM exit the in-JVM broker can see its
 * temporary log directory deleted by another shutdown hook and then calls {@code Exit.halt(1)}
 * ("all log dirs have failed"), which turns a green test run into a failed Surefire fork. Here a
 * halt is reported instead of killing the test JVM.
 */
public class TestKafka extends KafkaResource {

    @Override
    public Map<String, String> start() {
        Exit.setHaltProcedure((status, message) -> System.err.println(
                "in-JVM Kafka broker asked to halt (" + status + "): " + message + " — ignored in tests"));
        Exit.setExitProcedure((status, message) -> System.err.println(
                "in-JVM Kafka broker asked to exit (" + status + "): " + message + " — ignored in tests"));
        return super.start();
    }
}
