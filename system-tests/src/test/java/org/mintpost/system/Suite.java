package org.mintpost.system;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.mintpost.testing.DnsServer;
import org.mintpost.testing.JwtKeys;
import org.mintpost.testing.KafkaBroker;
import org.mintpost.testing.OidcIssuer;
import org.mintpost.testing.PostgresDatabase;
import org.mintpost.testing.SessionEnd;

import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * The whole suite, running as a user runs it: the four packaged services as separate JVM processes
 * (from {@code <module>/target/quarkus-app}), a real Kafka broker, the machine's PostgreSQL and
 * Redis, and a real SMTP server (GreenMail) that the dispatch worker delivers to. One per test JVM;
 * logs go to {@code system-tests/target/suite-logs/}.
 */
public final class Suite {

    private static Suite shared;

    /** The in-JVM broker, or null when {@value #EXTERNAL_KAFKA} names a broker run elsewhere. */
    public final KafkaBroker kafka;
    /** System property: bootstrap servers of a broker started by the test itself (e.g. to restart it). */
    public static final String EXTERNAL_KAFKA = "mintpost.system.kafka-bootstrap";
    public final String kafkaBootstrap;
    /** System property: the database to (re)create, so two kinds of run on one machine do not drop each other's. */
    public static final String DATABASE = "mintpost.system.database";
    /** System property: the Redis of the edge and the workers' ledger (default: the machine's, 6379). */
    public static final String REDIS = "mintpost.system.redis";
    /** System property: the largest job the services take ({@code MINTPOST_MAX_JOB_BYTES}); their default if unset. */
    public static final String MAX_JOB_BYTES = "mintpost.system.max-job-bytes";
    /** The worker's upstream SMTP port when not the in-JVM sink's (a server in a process the test can pause). */
    public static final String UPSTREAM_PORT = "mintpost.system.upstream-port";
    /** {@code host:port} of the DNS server the services ask when not the in-JVM {@link #dns} (one the test can pause). */
    public static final String DNS_SERVERS = "mintpost.system.dns-servers";
    public final RejectingGreenMail smtpSink;
    /** The DNS server every service asks ({@code MINTPOST_DNS_SERVERS}): tests publish domain records in it. */
    public final DnsServer dns;
    /** Where every service exports its spans (OTLP/HTTP), as to a Collector in k8s/ (TracingEndToEndTest). */
    public final OtlpReceiver traces;
    /**
     * System property: tracing in every service, exporting to {@link #traces} (TracingEndToEndTest,
     * TracingBenchmark); on unless {@code false} (the resilience suite turns it off: its load would fill the
     * receiver's memory with spans nobody reads).
     */
    public static final String OBSERVABILITY = "mintpost.system.observability";
    /** Test OIDC issuers on the trusted-workloads allowlist (issue #28): a CI-like one and a cluster-like one. */
    public final OidcIssuer ciIssuer = OidcIssuer.start();
    public final OidcIssuer clusterIssuer = OidcIssuer.start();
    public final Path logs;
    public final Path work;
    public final String database;
    public final Map<String, Service> services = new LinkedHashMap<>();
    private final List<Service> gatewaysExtra = new ArrayList<>();
    private String webhookServiceUrl;
    private String trackingKey;
    /** The key id under which {@link #secretScanningKey} is published in token-service's secret-scanning keys file. */
    public static final String SECRET_SCANNING_KEY_ID = "mintpost-system-test-key";
    /** A P-256 pair made per suite: its public half is in the keys file token-service reads, as GitHub's would be. */
    public final KeyPair secretScanningKey;

    private Suite() throws IOException {
        Path root = Path.of(System.getProperty("mintpost.root", "..")).toAbsolutePath().normalize();
        logs = root.resolve("system-tests/target/suite-logs");
        work = root.resolve("system-tests/target/suite-work");
        Files.createDirectories(logs);
        Files.createDirectories(work);
        String externalKafka = System.getProperty(EXTERNAL_KAFKA);
        kafka = externalKafka == null ? KafkaBroker.shared() : null;
        kafkaBootstrap = externalKafka == null ? kafka.bootstrapServers() : externalKafka;
        smtpSink = new RejectingGreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtpSink.start();
        dns = DnsServer.start();
        traces = new OtlpReceiver();
        database = System.getProperty(DATABASE, "mintpost_system_test");
        PostgresDatabase.recreate(database);
        JwtKeys keys = JwtKeys.shared();

        Map<String, String> common = new LinkedHashMap<>();
        common.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
        common.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", keys.publicKeyPem().toString());
        common.put("QUARKUS_DATASOURCE_REACTIVE_URL", PostgresDatabase.reactiveUrl(database));
        common.put("QUARKUS_DATASOURCE_JDBC_URL", PostgresDatabase.jdbcUrl(database));
        common.put("QUARKUS_DATASOURCE_USERNAME", PostgresDatabase.USER);
        common.put("MINTPOST_DNS_SERVERS", System.getProperty(DNS_SERVERS, dns.address()));
        if (System.getProperty(MAX_JOB_BYTES) != null) {
            common.put("MINTPOST_MAX_JOB_BYTES", System.getProperty(MAX_JOB_BYTES));
        }
        if (tracing()) {
            // tracing on, every trace sampled, exported within a fraction of a second to the suite's receiver
            common.put("QUARKUS_OTEL_SDK_DISABLED", "false");
            common.put("QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
            common.put("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", traces.endpoint());
            common.put("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms");
        }

        Service token = new Service("token-service", root, freePort(), logs, common);
        token.env.put("MINTPOST_BOOTSTRAP_TOKEN_FILE", work.resolve("bootstrap-team-token").toString());
        // leaked and inactive tokens (LeakedTokensEndToEndTest): a secret-scanning keys file in GitHub's format,
        // a clock the tests may move through /internal/clock, and the auto-revoke job every second
        secretScanningKey = newP256();
        token.env.put("MINTPOST_SECRET_SCANNING_KEYS_FILE",
                secretScanningKeys(work, SECRET_SCANNING_KEY_ID, secretScanningKey).toString());
        token.env.put("MINTPOST_CLOCK_ADJUSTABLE", "true");
        token.env.put("MINTPOST_INACTIVE_INTERVAL", "1s");
        // as the local stack: http issuers allowed, the test issuers on the allowlist
        token.env.put("MINTPOST_TRUSTED_WORKLOADS_ISSUERS", ciIssuer.url() + "," + clusterIssuer.url());
        token.env.put("MINTPOST_TRUSTED_WORKLOADS_ALLOW_INSECURE_ISSUERS", "true");
        Service audit = new Service("audit-service", root, freePort(), logs, common);
        Service worker = new Service("dispatch-worker", root, freePort(), logs, common);
        if (System.getProperty(REDIS) != null) {
            worker.env.put("MINTPOST_DISPATCH_LEDGER_REDIS_HOSTS", System.getProperty(REDIS));
        }
        // the DKIM key-encryption key, made per suite as a Secret would be: token-service seals, the worker opens;
        // no other service gets it (as in k8s/)
        String kek = randomKey();
        token.env.put("MINTPOST_DKIM_KEY_ENCRYPTION_KEY", kek);
        worker.env.put("MINTPOST_DKIM_KEY_ENCRYPTION_KEY", kek);
        worker.env.put("MINTPOST_UPSTREAM_HOST", "127.0.0.1");
        worker.env.put("MINTPOST_UPSTREAM_PORT", System.getProperty(UPSTREAM_PORT,
                String.valueOf(smtpSink.getSmtp().getPort())));
        // webhook-service: its own secret-sealing key, and (as in the local stack) receivers on loopback allowed
        Service webhooks = new Service("webhook-service", root, freePort(), logs, common);
        webhooks.env.put("MINTPOST_WEBHOOKS_SECRET_KEY", randomKey());
        webhooks.env.put("MINTPOST_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true");
        webhooks.env.put("MINTPOST_WEBHOOKS_RETRY_INITIAL_BACKOFF", "2s");
        webhooks.env.put("MINTPOST_WEBHOOKS_RETRY_MAX_BACKOFF", "5s");
        webhookServiceUrl = webhooks.baseUrl();
        // the tracking key, shared by the edge (verifies) and the worker (signs), and the edge's public URL
        trackingKey = randomKey();
        Service gateway = newGateway(root, common, token, audit, "send-gateway");
        worker.env.put("MINTPOST_TRACKING_KEY", trackingKey);
        worker.env.put("MINTPOST_TRACKING_BASE_URL", gateway.baseUrl());
        for (Service s : List.of(token, audit, webhooks, worker, gateway)) {
            services.put(s.name, s);
        }
        Files.deleteIfExists(work.resolve("bootstrap-team-token"));
        // Stop the processes when the tests end (before the broker: SessionEnd runs last-registered first),
        // and at JVM exit as a fallback; registered before anything starts so nothing is left running.
        SessionEnd.register(this::stopAll);
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "suite-stop"));
        for (Service s : services.values()) {
            s.start();
        }
        for (Service s : services.values()) {
            s.awaitReady(Duration.ofSeconds(120));
        }
    }

    private Service newGateway(Path root, Map<String, String> common, Service token, Service audit, String logName) {
        Service gateway = new Service("send-gateway", root, freePort(), logs, common);
        gateway.logName = logName;
        gateway.env.put("SMALLRYE_JWT_SIGN_KEY_LOCATION", JwtKeys.shared().privateKeyPem().toString());
        gateway.env.put("QUARKUS_REDIS_HOSTS", System.getProperty(REDIS, "redis://127.0.0.1:6379") + "/3");
        gateway.env.put("MINTPOST_TOKEN_SERVICE_URL", token.baseUrl());
        gateway.env.put("MINTPOST_AUDIT_SERVICE_URL", audit.baseUrl());
        gateway.env.put("MINTPOST_WEBHOOK_SERVICE_URL", webhookServiceUrl);
        gateway.env.put("MINTPOST_TRACKING_KEY", trackingKey);
        // a click this soon after the mail was made counts as a scanner's (TrackingEndToEndTest waits that long)
        gateway.env.put("MINTPOST_TRACKING_MACHINE_CLICK_WINDOW", "1s");
        // the suite's tests send from any domain, as the local stack does; DomainsEndToEndTest starts a gateway
        // with the sender policy on, as in production
        gateway.env.put("MINTPOST_SENDING_REQUIRE_VERIFIED_DOMAIN", "false");
        // the SMTP relay on free ports, with a self-signed pair made once per suite (SmtpRelayEndToEndTest)
        gateway.env.put("MINTPOST_SMTP_STARTTLS_PORTS", String.valueOf(freePort()));
        gateway.env.put("MINTPOST_SMTP_TLS_PORT", String.valueOf(freePort()));
        gateway.env.put("MINTPOST_SMTP_TLS_CERT_PATH", smtpTls(work).resolve("smtp-tls-cert.pem").toString());
        gateway.env.put("MINTPOST_SMTP_TLS_KEY_PATH", smtpTls(work).resolve("smtp-tls-key.pem").toString());
        return gateway;
    }

    /** Whether the services trace and export to {@link #traces} ({@value #OBSERVABILITY}, on by default). */
    public static boolean tracing() {
        return !"false".equals(System.getProperty(OBSERVABILITY));
    }

    public static synchronized Suite shared() {
        if (shared == null) {
            try {
                shared = new Suite();
            } catch (IOException e) {
                throw new IllegalStateException("could not start the suite", e);
            }
        }
        return shared;
    }

    /** A second (or third…) send-gateway instance sharing Kafka and Redis with the first, started and ready. */
    public synchronized Service startExtraGateway() {
        return startExtraGateway(Map.of());
    }

    /** An extra send-gateway with these settings on top of the first one's. */
    public synchronized Service startExtraGateway(Map<String, String> settings) {
        Service first = services.get("send-gateway");
        Service extra = newGateway(first.root, first.commonEnv, services.get("token-service"),
                services.get("audit-service"), "send-gateway-" + (gatewaysExtra.size() + 2));
        extra.env.putAll(settings);
        extra.start();
        extra.awaitReady(Duration.ofSeconds(120));
        gatewaysExtra.add(extra);
        return extra;
    }

    /** An extra gateway already running (any settings), or a new one: for tests that only need a second edge. */
    public synchronized Service anotherGateway() {
        return gatewaysExtra.stream().filter(Service::isAlive).findFirst().orElseGet(this::startExtraGateway);
    }

    public Service gateway() {
        return services.get("send-gateway");
    }

    /** The public base URL, {@code http://127.0.0.1:<edge port>/v1}. */
    public String baseUrl() {
        return gateway().baseUrl() + "/v1";
    }

    /** The first gateway's SMTP relay port that offers STARTTLS ({@code MINTPOST_SMTP_STARTTLS_PORTS}). */
    public int smtpStartTlsPort() {
        return smtpStartTlsPort(gateway());
    }

    /** The first gateway's implicit-TLS SMTP port ({@code MINTPOST_SMTP_TLS_PORT}). */
    public int smtpTlsPort() {
        return smtpTlsPort(gateway());
    }

    /** A gateway's (first) STARTTLS relay port; it keeps its ports across a restart. */
    public static int smtpStartTlsPort(Service gateway) {
        return Integer.parseInt(gateway.env.get("MINTPOST_SMTP_STARTTLS_PORTS").split(",")[0].trim());
    }

    /** A gateway's implicit-TLS relay port. */
    public static int smtpTlsPort(Service gateway) {
        return Integer.parseInt(gateway.env.get("MINTPOST_SMTP_TLS_PORT").trim());
    }

    /** The bootstrap team token token-service wrote at first start. */
    public String teamToken() {
        try {
            return Files.readString(work.resolve("bootstrap-team-token")).trim();
        } catch (IOException e) {
            throw new IllegalStateException("token-service wrote no bootstrap team token file", e);
        }
    }

    /** The first mail with this subject that reached the SMTP sink, waiting up to a minute for it. */
    public MimeMessage awaitMail(String subject) {
        return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> mailsWithSubject(subject).stream().findFirst().orElse(null), m -> m != null);
    }

    public List<MimeMessage> mailsWithSubject(String subject) {
        return Arrays.stream(smtpSink.getReceivedMessages()).filter(m -> subject.equals(subjectOf(m))).toList();
    }

    public static String subjectOf(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            return null;
        }
    }

    /** Graceful stop of every process at once (each has its own 30 s bound), then the SMTP sink. */
    private synchronized void stopAll() {
        List<Service> all = new ArrayList<>(gatewaysExtra);
        all.addAll(services.values());
        List<Thread> stopping = all.stream().map(service -> new Thread(service::stop, "stop-" + service.logName)).toList();
        stopping.forEach(Thread::start);
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        smtpSink.stop();
        dns.close();
        traces.close();
    }

    private static KeyPair newP256() {
        try {
            return org.mintpost.testing.GithubScanning.p256();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no P-256 key pair", e);
        }
    }

    /** The public key in GitHub's {@code public_keys} JSON format, written to the suite's work directory. */
    private static Path secretScanningKeys(Path work, String keyId, KeyPair pair) throws IOException {
        String pem = "-----BEGIN PUBLIC KEY-----\\n"
                + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()) + "\\n-----END PUBLIC KEY-----\\n";
        Path file = work.resolve("secret-scanning-keys.json");
        Files.writeString(file, "{\"public_keys\":[{\"key_identifier\":\"" + keyId + "\",\"key\":\"" + pem
                + "\",\"is_current\":true}]}");
        return file;
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** A self-signed certificate and key for the gateways' SMTP relay, made with openssl on first use. */
    static synchronized Path smtpTls(Path work) {
        Path dir = work.resolve("smtp-tls");
        if (Files.exists(dir.resolve("smtp-tls-cert.pem"))) {
            return dir;
        }
        try {
            Files.createDirectories(dir);
            Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days",
                    "2", "-subj", "/CN=localhost", "-keyout", dir.resolve("smtp-tls-key.pem").toString(),
                    "-out", dir.resolve("smtp-tls-cert.pem").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
            if (!openssl.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || openssl.exitValue() != 0) {
                throw new IllegalStateException("openssl made no SMTP certificate; see " + dir.resolve("openssl.log"));
            }
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException("no SMTP certificate", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making the SMTP certificate", e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One packaged service run as a child process. */
    public static final class Service {
        public final String name;
        public final int port;
        final Path root;
        final Path logs;
        final Map<String, String> commonEnv;
        final Map<String, String> env = new LinkedHashMap<>();
        String logName;
        private Process process;

        Service(String name, Path root, int port, Path logs, Map<String, String> common) {
            this.name = name;
            this.root = root;
            this.port = port;
            this.logs = logs;
            this.commonEnv = common;
            this.logName = name;
            env.putAll(common);
            env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        }

        public String baseUrl() {
            return "http://127.0.0.1:" + port;
        }

        public Path log() {
            return logs.resolve(logName + ".log");
        }

        public synchronized void start() {
            Path jar = root.resolve(name + "/target/quarkus-app/quarkus-run.jar");
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " is missing: build the services first (./mvnw install)");
            }
            ProcessBuilder builder = new ProcessBuilder(javaBin(), "-Xmx192m", "-XX:+UseSerialGC", "-jar", jar.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
            builder.environment().putAll(env);
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new IllegalStateException("could not start " + name, e);
            }
        }

        public void awaitReady(Duration timeout) {
            HttpClient client = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(logName + " exited with " + process.exitValue() + "; see " + log());
                }
                try {
                    HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                            URI.create(baseUrl() + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                sleep(250);
            }
            throw new IllegalStateException(logName + " not ready within " + timeout + "; see " + log());
        }

        /** Graceful stop (SIGTERM), as Kubernetes does. */
        public synchronized void stop() {
            if (process != null && process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** {@code kill -9}: no shutdown hook, no graceful anything. */
        public synchronized void kill() {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
                try {
                    process.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        public boolean isAlive() {
            return process != null && process.isAlive();
        }

        private static String javaBin() {
            return Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
