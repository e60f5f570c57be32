package org.mintpost.system;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Issue #20's benchmark: a bounce → its suppression in force at every worker, with two packaged dispatch-workers.
 * For each round, one mail through the edge to an address the suite's SMTP sink refuses with {@code 550 5.1.1};
 * the {@code hard_bounced} record the worker puts on {@code delivery-events} marks the bounce (its timestamp, set by
 * the worker's producer on this machine's clock); the suppression is in force at a worker when its
 * {@code dispatch_suppressions} gauge (the size of the list it matches recipients against) has grown by the entry,
 * polled at both as fast as one client can (the resolution is one scrape of {@code /q/metrics}). Prints p50/p99/max of
 * the later of the two. Run after a build: {@code ./mvnw -pl system-tests -Pbench verify
 * -Dtest=SuppressionPropagationBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class SuppressionPropagationBenchmark {

    static final int ROUNDS = Integer.getInteger("bench.rounds", 100);
    static final int WARM_UP = 10;
    private static final Pattern GAUGE = Pattern.compile("(?m)^dispatch_suppressions(?:\\{[^}]*})? ([0-9.eE+-]+)$");

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void bounceToInForceAtTwoWorkers() throws Exception {
        Suite suite = Suite.shared();
        Suite.Service first = suite.services.get("dispatch-worker");
        Suite.Service second = new Suite.Service("dispatch-worker", first.root, Suite.freePort(), first.logs,
                first.commonEnv);
        second.env.putAll(first.env);
        second.env.put("QUARKUS_HTTP_PORT", String.valueOf(second.port));
        second.logName = "dispatch-worker-2";
        second.start();
        try {
            second.awaitReady(Duration.ofSeconds(120));
            measure(suite, List.of(first, second));
        } finally {
            second.stop();
        }
    }

    private void measure(Suite suite, List<Suite.Service> workers) throws Exception {
        String team = suite.teamToken();
        String projectId = given().baseUri(suite.baseUrl()).header("Authorization", "Bearer " + team)
                .contentType(ContentType.JSON).body(Map.of("name", "Propagation benchmark " + UUID.randomUUID()))
                .post("/projects").then().statusCode(201).extract().path("data.id");
        JsonPath created = given().baseUri(suite.baseUrl()).header("Authorization", "Bearer " + team)
                .contentType(ContentType.JSON).body(Map.of("name", "bench"))
                .post("/projects/" + projectId + "/tokens").then().statusCode(201).extract().jsonPath();
        String token = created.getString("token");
        List<Double> millis = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> events = consumer(suite.kafkaBootstrap)) {
            for (int i = 0; i < WARM_UP + ROUNDS; i++) {
                String address = RejectingGreenMail.REJECTED_PREFIX + "prop-" + UUID.randomUUID() + "@example.org";
                double[] before = new double[workers.size()];
                for (int w = 0; w < workers.size(); w++) {
                    before[w] = gauge(workers.get(w));
                }
                given().baseUri(suite.baseUrl()).header("x-lettermint-token", token).contentType(ContentType.JSON)
                        .body(Map.of("from", "Bench <bench@example.com>", "to", List.of(address),
                                "subject", "Propagation " + i, "text", "bounce me"))
                        .post("/send").then().statusCode(202);
                long bouncedAt = -1;
                long[] inForceAt = new long[workers.size()];
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (bouncedAt < 0 || min(inForceAt) == 0) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("round " + i + ": no bounce or no entry at a worker in 30 s");
                    }
                    for (int w = 0; w < workers.size(); w++) {
                        if (inForceAt[w] == 0 && gauge(workers.get(w)) > before[w]) {
                            inForceAt[w] = System.currentTimeMillis();
                        }
                    }
                    if (bouncedAt < 0) {
                        for (ConsumerRecord<String, byte[]> r : events.poll(Duration.ZERO)) {
                            String value = new String(r.value(), StandardCharsets.UTF_8);
                            if (value.contains(address) && value.contains("\"hard_bounced\"")) {
                                bouncedAt = r.timestamp();
                            }
                        }
                    }
                }
                if (i >= WARM_UP) {
                    millis.add((double) (max(inForceAt) - bouncedAt));
                }
            }
        }
        Collections.sort(millis);
        System.out.printf("BENCH suppression propagation, two packaged workers, %d bounces after %d of warm-up:"
                + " p50 %.1f ms, p99 %.1f ms, max %.1f ms (load average %s)%n", ROUNDS, WARM_UP, pct(millis, 50),
                pct(millis, 99), millis.get(millis.size() - 1), loadAverage());
    }

    private double gauge(Suite.Service worker) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(worker.baseUrl() + "/q/metrics"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = GAUGE.matcher(r.body());
        if (!m.find()) {
            throw new IllegalStateException(worker.logName + " has no dispatch_suppressions gauge");
        }
        return Double.parseDouble(m.group(1));
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = c.partitionsFor(Topics.DELIVERY_EVENTS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        c.assign(partitions);
        c.seekToEnd(partitions);
        partitions.forEach(c::position);
        return c;
    }

    private static long min(long[] values) {
        long m = Long.MAX_VALUE;
        for (long v : values) {
            m = Math.min(m, v);
        }
        return m;
    }

    private static long max(long[] values) {
        long m = Long.MIN_VALUE;
        for (long v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static double pct(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}
