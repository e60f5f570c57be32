package org.mintpost.system.resilience;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mintpost.system.Suite;
import org.mintpost.testing.Dnsmasq;
import org.mintpost.testing.PostgresDatabase;
import org.mintpost.testing.RedisServer;
import org.mintpost.testing.SessionEnd;

/**
 * The suite of the resilience run: the packaged services ({@link Suite}) on parts of the test's own that it can
 * kill, stop, restart and pause: a 3-node Kafka cluster ({@link KafkaProcess}, replication 3,
 * {@code min.insync.replicas=2}), a Redis ({@link RedisServer}, the edge's and the workers' ledger) and a
 * PostgreSQL cluster ({@link PgCluster}), the worker's upstream SMTP server ({@link UpstreamProcess}, a JVM of its
 * own) and the DNS server the services ask ({@link Dnsmasq}, names under {@code example}). One per test JVM; every {@code *IT} of this package shares it (the log
 * scan reads the logs of all of them).
 */
final class ResilienceEnv {

    /**
     * The largest job this deployment's edge accepts ({@code MINTPOST_MAX_JOB_BYTES}), its brokers and job topics
     * sized from it: smaller than the default so that an oversized poison job (one filling a job topic's record
     * limit) fits the services' small test heaps.
     */
    static final int MAX_JOB_BYTES = 2 * 1024 * 1024;

    private static ResilienceEnv shared;
    /** A start that failed is not tried again by every test class (each would start its own parts). */
    private static IllegalStateException failed;

    final Suite suite;
    final KafkaProcess kafka;
    final RedisServer redis;
    final PgCluster postgres;
    final UpstreamProcess upstream;
    final Dnsmasq dns;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private ResilienceEnv() throws Exception {
        Path root = Path.of(System.getProperty("mintpost.root", "..")).toAbsolutePath().normalize();
        Path logs = root.resolve("system-tests/target/suite-logs");
        java.nio.file.Files.createDirectories(logs);
        kafka = new KafkaProcess(root.resolve("system-tests/target/resilience-kafka"), logs.resolve("kafka.log"),
                Integer.getInteger("resilience.kafka-nodes", 3), MAX_JOB_BYTES);
        kafka.start(true);
        Path redisDir = root.resolve("system-tests/target/resilience-redis");
        KafkaProcess.deleteRecursively(redisDir);
        java.nio.file.Files.createDirectories(redisDir);
        redis = RedisServer.startPersistent(redisDir);
        postgres = new PgCluster();
        postgres.start();
        upstream = UpstreamProcess.start(root.resolve("system-tests/target/resilience-upstream"),
                logs.resolve("upstream-smtp.log"));
        dns = Dnsmasq.start("example");
        Runnable stopKafka = () -> {
            try {
                kafka.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        // at the end of the tests, after the services (SessionEnd runs the last registered first), and at exit
        Runnable stopParts = () -> {
            stopKafka.run();
            redis.close();
            postgres.stop();
            upstream.close();
            dns.close();
        };
        SessionEnd.register(stopParts);
        Runtime.getRuntime().addShutdownHook(new Thread(stopParts, "resilience-parts-stop"));
        System.setProperty(PostgresDatabase.PORT_PROPERTY, Integer.toString(postgres.port));
        System.setProperty(Suite.REDIS, redis.uri());
        System.setProperty(Suite.EXTERNAL_KAFKA, kafka.bootstrapServers());
        System.setProperty(Suite.DATABASE, "mintpost_resilience_test");
        System.setProperty(Suite.MAX_JOB_BYTES, Integer.toString(MAX_JOB_BYTES));
        System.setProperty(Suite.UPSTREAM_PORT, Integer.toString(upstream.port));
        System.setProperty(Suite.DNS_SERVERS, dns.address());
        suite = Suite.shared();
        upstream.feed(suite.smtpSink);
    }

    static synchronized ResilienceEnv shared() {
        if (failed != null) {
            throw failed;
        }
        if (shared == null) {
            try {
                shared = new ResilienceEnv();
            } catch (Exception e) {
                failed = new IllegalStateException("could not start the resilience suite: " + e.getMessage(), e);
                throw failed;
            }
        }
        return shared;
    }

    String edge() {
        return suite.gateway().baseUrl();
    }

    /** A team API call through the edge with the bootstrap team token, retried while the suite answers 5xx. */
    HttpResponse<String> team(String method, String path, String json) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                HttpResponse<String> response = call(method, edge() + path, "Authorization",
                        "Bearer " + suite.teamToken(), json);
                if (response.statusCode() < 500 || System.nanoTime() > deadline) {
                    return response;
                }
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
                }
            }
            sleep(250);
        }
    }

    HttpResponse<String> call(String method, String url, String header, String value, String json) throws IOException {
        return call(method, url, header == null ? Map.of() : Map.of(header, value), json);
    }

    HttpResponse<String> call(String method, String url, Map<String, String> headers, String json) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        headers.forEach(builder::header);
        if (json != null) {
            builder.header("Content-Type", "application/json");
        }
        builder.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** {@code GET /v1/ping} at one gateway with a project token: the status code, or -1 if it did not answer. */
    int ping(Suite.Service gateway, String projectToken) {
        try {
            return call("GET", gateway.baseUrl() + "/v1/ping", "x-lettermint-token", projectToken, null).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
