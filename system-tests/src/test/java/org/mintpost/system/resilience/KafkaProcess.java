package org.mintpost.system.resilience;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.mintpost.contracts.Topics;

/**
 * A real single-node Apache Kafka broker (KRaft) as its own JVM process, so that it can be stopped
 * and started again like a broker in production: the {@code kafka_2.13} jars of this test classpath,
 * {@code kafka.Kafka server.properties}, a fixed data directory (a restart keeps topics and offsets),
 * the settings of {@code deploy/local/up.sh}. The in-JVM test broker cannot be restarted in place.
 */
final class KafkaProcess {

    final int port;
    final int controllerPort;
    final Path dir;
    final Path log;
    private Process process;

    KafkaProcess(Path dir, Path log) throws IOException {
        this.dir = dir;
        this.log = log;
        this.port = freePort();
        this.controllerPort = freePort();
        deleteRecursively(dir);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("server.properties"), String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=3",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "min.insync.replicas=1",
                "group.initial.rebalance.delay.ms=0",
                "log.cleaner.dedupe.buffer.size=8388608",
                "auto.create.topics.enable=false",
                "message.max.bytes=" + Topics.jobTopicMaxBytes(Topics.MAX_JOB_RECORD_BYTES),
                "replica.fetch.max.bytes=" + Topics.jobTopicMaxBytes(Topics.MAX_JOB_RECORD_BYTES),
                ""));
        int formatted = java("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
                "-c", dir.resolve("server.properties").toString()).waitFor2(Duration.ofSeconds(120));
        if (formatted != 0) {
            throw new IllegalStateException("could not format the Kafka storage; see " + log);
        }
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker and returns once it accepts connections; {@code createTopics} on first start. */
    long start(boolean createTopics) throws Exception {
        long started = System.nanoTime();
        process = java("kafka.Kafka", dir.resolve("server.properties").toString()).process;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!listening()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka broker exited with " + process.exitValue() + "; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Kafka broker did not listen within 120 s; see " + log);
            }
            Thread.sleep(100);
        }
        if (createTopics) {
            List<NewTopic> topics = new ArrayList<>();
            for (String name : Topics.all()) {
                topics.add(new NewTopic(name, Topics.partitions(name), (short) 1).configs(Topics.configs(name)));
            }
            try (Admin admin = admin()) {
                admin.createTopics(topics).all().get(120, TimeUnit.SECONDS);
            }
        } else {
            try (Admin admin = admin()) {
                admin.listTopics().names().get(120, TimeUnit.SECONDS);
            }
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    /** Graceful stop (SIGTERM), as an operator or Kubernetes stops a broker. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(props);
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Launched java(String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new Launched(p);
    }

    private record Launched(Process process) {
        int waitFor2(Duration timeout) throws IOException {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    return -1;
                }
                return process.exitValue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
