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
 * A real Apache Kafka cluster (KRaft) of {@code nodes} combined broker+controller nodes, each its own JVM process,
 * so that a node can be stopped, killed, paused and started again like a broker in production: the {@code kafka_2.13}
 * jars of this test classpath, {@code kafka.Kafka server.properties}, a fixed data directory per node (a restart keeps
 * topics and offsets). With three nodes: every topic replicated 3 times, {@code min.insync.replicas=2} (the
 * production settings of {@code k8s/}); the clients' producers keep Kafka's default {@code acks=all}.
 */
final class KafkaProcess {

    /** The largest job the edge accepts in this cluster's deployment (one number: brokers, job topics, services). */
    final int maxJobBytes;
    final int nodes;
    final int[] ports;
    final int[] controllerPorts;
    final Path dir;
    final Path log;
    private final Process[] processes;

    KafkaProcess(Path dir, Path log, int nodes, int maxJobBytes) throws IOException {
        this.maxJobBytes = maxJobBytes;
        this.dir = dir;
        this.log = log;
        this.nodes = nodes;
        this.ports = new int[nodes];
        this.controllerPorts = new int[nodes];
        this.processes = new Process[nodes];
        List<String> voters = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            ports[i] = freePort();
            controllerPorts[i] = freePort();
            voters.add((i + 1) + "@127.0.0.1:" + controllerPorts[i]);
        }
        deleteRecursively(dir);
        String clusterId = Uuid.randomUuid().toString();
        int replicas = Math.min(3, nodes);
        for (int i = 0; i < nodes; i++) {
            Path node = nodeDir(i);
            Files.createDirectories(node);
            Files.writeString(node.resolve("server.properties"), String.join("\n",
                    "process.roles=broker,controller",
                    "node.id=" + (i + 1),
                    "controller.quorum.voters=" + String.join(",", voters),
                    "listeners=PLAINTEXT://127.0.0.1:" + ports[i] + ",CONTROLLER://127.0.0.1:" + controllerPorts[i],
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + ports[i],
                    "controller.listener.names=CONTROLLER",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "log.dirs=" + node.resolve("data"),
                    "num.partitions=3",
                    "default.replication.factor=" + replicas,
                    "offsets.topic.replication.factor=" + replicas,
                    "transaction.state.log.replication.factor=" + replicas,
                    "transaction.state.log.min.isr=" + Math.max(1, replicas - 1),
                    "min.insync.replicas=" + Math.max(1, replicas - 1),
                    "group.initial.rebalance.delay.ms=0",
                    "log.cleaner.dedupe.buffer.size=8388608",
                    "auto.create.topics.enable=false",
                    "message.max.bytes=" + Topics.jobTopicMaxBytes(maxJobBytes),
                    "replica.fetch.max.bytes=" + Topics.jobTopicMaxBytes(maxJobBytes),
                    ""));
            int formatted = java(i, "kafka.tools.StorageTool", "format", "-t", clusterId,
                    "-c", node.resolve("server.properties").toString()).waitFor2(Duration.ofSeconds(120));
            if (formatted != 0) {
                throw new IllegalStateException("could not format the Kafka storage of node " + (i + 1) + "; see " + log);
            }
        }
    }

    private Path nodeDir(int node) {
        return nodes == 1 ? dir : dir.resolve("node-" + (node + 1));
    }

    String bootstrapServers() {
        List<String> all = new ArrayList<>();
        for (int port : ports) {
            all.add("127.0.0.1:" + port);
        }
        return String.join(",", all);
    }

    /** Starts every node and returns once the cluster answers; {@code createTopics} on first start. */
    long start(boolean createTopics) throws Exception {
        long started = System.nanoTime();
        for (int i = 0; i < nodes; i++) {
            processes[i] = java(i, "kafka.Kafka", nodeDir(i).resolve("server.properties").toString()).process;
        }
        for (int i = 0; i < nodes; i++) {
            awaitListening(i);
        }
        if (createTopics) {
            List<NewTopic> topics = new ArrayList<>();
            for (String name : Topics.all()) {
                topics.add(new NewTopic(name, Topics.partitions(name), (short) Math.min(3, nodes))
                        .configs(Topics.configs(name, maxJobBytes)));
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

    /** Starts one node again (after {@link #kill(int)}); returns once it listens. */
    long startNode(int node) throws Exception {
        long started = System.nanoTime();
        processes[node] = java(node, "kafka.Kafka", nodeDir(node).resolve("server.properties").toString()).process;
        awaitListening(node);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    private void awaitListening(int node) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!listening(ports[node])) {
            if (!processes[node].isAlive()) {
                throw new IllegalStateException("Kafka node " + (node + 1) + " exited with "
                        + processes[node].exitValue() + "; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka node " + (node + 1) + " did not listen within 120 s; see " + log);
            }
            Thread.sleep(100);
        }
    }

    /** {@code kill -9} of one node: its sockets close, nothing is flushed. */
    void kill(int node) throws InterruptedException {
        Process p = processes[node];
        if (p != null && p.isAlive()) {
            Signals.send("CONT", p.pid());
            p.destroyForcibly();
            p.waitFor();
        }
    }

    /** {@code kill -STOP} of one node: its connections stay open and nothing answers. */
    void pause(int node) {
        Signals.send("STOP", processes[node].pid());
    }

    /** {@code kill -CONT}: the node goes on. */
    void resume(int node) {
        Signals.send("CONT", processes[node].pid());
    }

    /** Graceful stop (SIGTERM) of every node, as an operator or Kubernetes stops a broker. */
    void stop() throws InterruptedException {
        for (Process process : processes) {
            if (process != null && process.isAlive()) {
                Signals.send("CONT", process.pid());
                process.destroy();
            }
        }
        for (Process process : processes) {
            if (process != null && !process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        return Admin.create(props);
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Launched java(int node, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dmintpost.kafka-node=" + (node + 1),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                nodes == 1 ? log.toFile() : log.resolveSibling("kafka-" + (node + 1) + ".log").toFile())).start();
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

    static void deleteRecursively(Path path) throws IOException {
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
