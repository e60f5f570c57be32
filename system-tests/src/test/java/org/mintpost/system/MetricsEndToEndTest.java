package org.mintpost.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The metrics of docs/operations.md, as a real Prometheus server sees them: after a few sends, every metric the
 * Grafana dashboard and the alerts in {@code k8s/monitoring/} name is exported by the running suite, and
 * Debian's {@code prometheus}, scraping the packaged services, answers PromQL queries for the accept and delivery
 * histograms and the workers' consumer lag.
 */
class MetricsEndToEndTest {

    private static final Pattern METRIC = Pattern.compile(
            "\\b((?:http_server_|mintpost_|dispatch_|kafka_consumer_|ft_circuitbreaker_)[a-z0-9_]+)");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static Suite suite;
    static Process prometheus;
    static int prometheusPort;

    @BeforeAll
    static void sendAFewAndStartPrometheus() throws Exception {
        suite = Suite.shared();
        String projectToken = given().baseUri(suite.baseUrl()).header("Authorization", "Bearer " + suite.teamToken())
                .contentType(ContentType.JSON).body(Map.of("name", "Measured"))
                .post("/projects").then().statusCode(201).extract().path("api_token");
        String subject = "Measured " + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            given().baseUri(suite.baseUrl()).header("x-lettermint-token", projectToken).contentType(ContentType.JSON)
                    .body(Map.of("from", "shop@example.com", "to", List.of("m" + i + "@example.org"),
                            "subject", subject, "text", "hello"))
                    .post("/send").then().statusCode(202);
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> suite.mailsWithSubject(subject).size() == 3);
        prometheus = startPrometheus();
    }

    @AfterAll
    static void stopPrometheus() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            prometheus.waitFor();
        }
    }

    @Test
    void everyMetricTheDashboardAndTheAlertsNameIsExported() throws Exception {
        Path monitoring = Path.of(System.getProperty("mintpost.root", "..")).resolve("k8s/monitoring");
        Set<String> named = new TreeSet<>();
        for (String file : List.of("grafana-dashboard.yaml", "prometheus-rules.yaml")) {
            for (String line : Files.readAllLines(monitoring.resolve(file))) {
                if (line.contains("\"expr\"") || line.contains("expr:") || line.startsWith("            ")) {
                    Matcher m = METRIC.matcher(line.replaceAll("\"[a-z_]+\":", ""));
                    while (m.find()) {
                        named.add(m.group(1));
                    }
                }
            }
        }
        assertTrue(named.size() > 10, "metric names found in the dashboard and the rules: " + named);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Set<String> exported = exported();
            Set<String> missing = new TreeSet<>(named);
            missing.removeAll(exported);
            assertEquals(Set.of(), missing, "named in k8s/monitoring but exported by no service");
        });
    }

    @Test
    void prometheusAnswersForTheAcceptAndDeliveryHistogramsAndTheLag() {
        for (String query : List.of("http_server_requests_seconds_bucket{uri=\"/v1/send\"}",
                "mintpost_delivery_latency_seconds_bucket",
                "kafka_consumer_fetch_manager_records_lag{client_id=\"dispatch-workers\"}",
                "histogram_quantile(0.99, sum by (le) "
                        + "(rate(http_server_requests_seconds_bucket{uri=\"/v1/send\"}[1m])))")) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                JsonPath answer = JsonPath.from(get("http://127.0.0.1:" + prometheusPort + "/api/v1/query?query="
                        + URLEncoder.encode(query, StandardCharsets.UTF_8)));
                assertEquals("success", answer.getString("status"));
                assertFalse(answer.getList("data.result").isEmpty(), query + " returned nothing");
            });
        }
    }

    private static Set<String> exported() throws IOException, InterruptedException {
        Set<String> names = new TreeSet<>();
        for (Suite.Service service : suite.services.values()) {
            for (String line : get(service.baseUrl() + "/q/metrics").split("\n")) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    names.add(line.split("[{ ]", 2)[0]);
                }
            }
        }
        return names;
    }

    private static String get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Debian's prometheus on a free port, scraping every service of the suite each second. */
    private static Process startPrometheus() throws IOException {
        Path prom = Path.of("/usr/bin/prometheus");
        if (!Files.isExecutable(prom)) {
            throw new IllegalStateException("prometheus is missing: apt-get install -y prometheus");
        }
        Path dir = Files.createTempDirectory(suite.work, "prometheus");
        StringBuilder config = new StringBuilder("global:\n  scrape_interval: 1s\nscrape_configs:\n");
        for (Suite.Service service : suite.services.values()) {
            config.append("  - job_name: ").append(service.name).append('\n')
                    .append("    metrics_path: /q/metrics\n")
                    .append("    static_configs:\n      - targets: ['127.0.0.1:").append(service.port).append("']\n");
        }
        Files.writeString(dir.resolve("prometheus.yml"), config);
        prometheusPort = Suite.freePort();
        Process p = new ProcessBuilder(prom.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + prometheusPort)
                .redirectErrorStream(true).redirectOutput(suite.logs.resolve("prometheus.log").toFile()).start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> get("http://127.0.0.1:" + prometheusPort + "/-/ready").contains("Ready"));
        return p;
    }
}
