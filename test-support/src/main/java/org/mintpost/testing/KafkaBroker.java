package org.mintpost.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;
import org.mintpost.contracts.Topics;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker and controller) in this JVM, with
 * every topic of {@link Topics} created as production has them ({@code token-changes} compacted).
 * One broker per test JVM: {@link #shared()} starts it on first use; it stops when the tests end
 * ({@link SessionEnd}).
 *
 * <p>A broker started from a Quarkus test lives in that test's class loader, whose copy of
 * {@link SessionEnd} the JUnit session never calls: it is still running when the JVM exits, and the
 * exit hook that deletes its directories makes it ask Kafka's {@link Exit} to halt the JVM with
 * status 1, which Surefire reports as a failed fork after every test passed. So a test broker's
 * requests to halt or exit are reported on standard error and not obeyed.
 */
public final class KafkaBroker implements AutoCloseable {

    private static KafkaBroker shared;

    private final KafkaClusterTestKit cluster;

    private KafkaBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Broker loggers kept at WARN (strong references: JUL forgets levels of collected loggers). */
    private static final List<Logger> QUIET = new ArrayList<>();

    private boolean closed;

    private static final String JOB_BYTES = String.valueOf(Topics.jobTopicMaxBytes(Topics.MAX_JOB_RECORD_BYTES));

    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            shared = start();
            SessionEnd.register(shared::close);
        }
        return shared;
    }

    public static KafkaBroker start() {
        Exit.setHaltProcedure(KafkaBroker::refuseToEndTheJvm);
        Exit.setExitProcedure(KafkaBroker::refuseToEndTheJvm);
        for (String name : List.of("kafka", "org.apache.kafka", "state.change.logger", "org.apache.zookeeper")) {
            Logger logger = Logger.getLogger(name);
            logger.setLevel(Level.WARNING);
            QUIET.add(logger);
        }
        try {
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("log.cleaner.dedupe.buffer.size", "8388608")
                    .setConfigProp("auto.create.topics.enable", "false")
                    // the job topics take jobs as large as the edge accepts, and what a worker adds to them
                    .setConfigProp("message.max.bytes", JOB_BYTES)
                    .setConfigProp("replica.fetch.max.bytes", JOB_BYTES)
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            KafkaBroker broker = new KafkaBroker(cluster);
            broker.createTopics();
            return broker;
        } catch (Exception e) {
            throw new IllegalStateException("could not start the test Kafka broker: " + e.getMessage(), e);
        }
    }

    private static void refuseToEndTheJvm(int status, String message) {
        System.err.println("the test Kafka broker asked to end the JVM with status " + status + " (" + message
                + "); a test JVM ends when its tests do");
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(props);
    }

    private void createTopics() throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : Topics.all()) {
            topics.add(new NewTopic(name, Topics.partitions(name), (short) 1).configs(Topics.configs(name)));
        }
        try (Admin admin = admin()) {
            admin.createTopics(topics).all().get();
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            cluster.close();
        } catch (Exception e) {
            // stopping at the end of the tests: nothing left to protect
        }
    }
}
