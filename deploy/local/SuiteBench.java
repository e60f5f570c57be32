import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.kafka.DeliveryEventDeserializer;

/**
 * The whole local stack under load (run by deploy/local/bench.sh, which starts it with smtp-sink as upstream):
 * first the idle send latency of a sequential client beside {@code GET /v1/ping} in the same run; then for each
 * offered rate, {@code POST /v1/send} at that fixed rate for the given seconds, and from {@code delivery-events}
 * the mails delivered, accepted → delivered p50/p99, the worker's largest consumer lag, and the CPU seconds per
 * 1,000 mails of every process of the stack (from /proc). Prints one line per figure.
 * java -cp contracts.jar:kafka-libs/* SuiteBench.java base-url token bootstrap run-dir rates seconds
 */
public class SuiteBench {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final Map<String, long[]> DELIVERED = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String token = args[1];
        Path run = Path.of(args[3]);
        int seconds = Integer.parseInt(args[5]);
        Thread reader = new Thread(() -> readDeliveries(args[2]), "delivery-events");
        reader.setDaemon(true);
        reader.start();
        idleLatency(base, token, 500);
        for (String rate : args[4].split(",")) {
            round(base, token, run, Integer.parseInt(rate.strip()), seconds);
        }
    }

    static HttpRequest send(String base, String token, int i) {
        String body = "{\"from\":\"Bench <bench@example.com>\",\"to\":[\"user" + (i % 100) + "@sink.test\"],"
                + "\"subject\":\"bench " + i + "\",\"text\":\"bench message " + i + "\"}";
        return HttpRequest.newBuilder(URI.create(base + "/send")).header("x-lettermint-token", token)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** A sequential client: each request after the previous answer; sends and pings alternate. */
    static void idleLatency(String base, String token, int n) throws Exception {
        HttpRequest ping = HttpRequest.newBuilder(URI.create(base + "/ping")).header("x-lettermint-token", token)
                .build();
        List<Long> sends = new ArrayList<>();
        List<Long> pings = new ArrayList<>();
        for (int i = 0; i < n + 50; i++) {
            long t0 = System.nanoTime();
            HTTP.send(send(base, token, i), HttpResponse.BodyHandlers.discarding());
            long t1 = System.nanoTime();
            HTTP.send(ping, HttpResponse.BodyHandlers.discarding());
            long t2 = System.nanoTime();
            if (i >= 50) { // the first ones warm up
                sends.add(t1 - t0);
                pings.add(t2 - t1);
            }
        }
        System.out.printf("[suite] idle, sequential client: POST /v1/send p50 %.1f ms, p99 %.1f ms; "
                + "same run GET /v1/ping p50 %.1f ms, p99 %.1f ms%n", pct(sends, 50), pct(sends, 99),
                pct(pings, 50), pct(pings, 99));
    }

    static void round(String base, String token, Path run, int rate, int seconds) throws Exception {
        Map<String, Double> cpu0 = cpu(run);
        Round ids = new Round();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicLong maxLag = new AtomicLong();
        Semaphore inFlight = new Semaphore(1024);
        long start = System.nanoTime();
        int total = rate * seconds;
        for (int i = 0; i < total; i++) {
            long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            if (i % rate == 0) {
                maxLag.accumulateAndGet(workerLag(), Math::max);
            }
            inFlight.acquire();
            HTTP.sendAsync(send(base, token, i), HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                inFlight.release();
                Matcher m = r == null ? null : Pattern.compile("\"message_id\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
                if (r != null && r.statusCode() == 202 && m.find()) {
                    accepted.incrementAndGet();
                    ids.add(m.group(1));
                } else {
                    refused.incrementAndGet();
                }
            });
        }
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        inFlight.acquire(1024);
        inFlight.release(1024);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (ids.delivered() < accepted.get() && System.nanoTime() < deadline) {
            maxLag.accumulateAndGet(workerLag(), Math::max);
            Thread.sleep(200);
        }
        List<Long> latency = ids.latencies();
        Map<String, Double> cpu1 = cpu(run);
        StringBuilder perProcess = new StringBuilder();
        int delivered = ids.delivered();
        cpu1.forEach((name, s) -> perProcess.append(String.format("%s %.2f, ", name,
                (s - cpu0.getOrDefault(name, 0.0)) * 1000 / Math.max(1, delivered))));
        boolean sustained = accepted.get() >= total * 0.99 && delivered >= accepted.get() * 0.995
                && pct(latency, 99) < 1000;
        System.out.printf("[suite] offered %d/s for %.0f s (%s): accepted %d (%.0f/s), refused %d, delivered %d; "
                + "accepted→delivered p50 %.0f ms, p99 %.0f ms; worker lag max %d; CPU s per 1,000 mails: %s%n",
                rate, sendSeconds, sustained ? "sustained" : "NOT sustained", accepted.get(),
                accepted.get() / sendSeconds, refused.get(), delivered,
                pct(latency, 50) , pct(latency, 99), maxLag.get(),
                perProcess.length() > 2 ? perProcess.substring(0, perProcess.length() - 2) : "");
    }

    /** The message ids of one round and their delivery. */
    static final class Round {
        final java.util.Set<String> ids = ConcurrentHashMap.newKeySet();

        void add(String id) {
            ids.add(id);
        }

        int delivered() {
            return (int) ids.stream().filter(DELIVERED::containsKey).count();
        }

        /** Accepted → delivered, in nanoseconds (milliseconds from the events' instants, scaled). */
        List<Long> latencies() {
            return ids.stream().map(DELIVERED::get).filter(java.util.Objects::nonNull)
                    .map(t -> (t[1] - t[0]) * 1_000_000).toList();
        }
    }

    static void readDeliveries(String bootstrap) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "suite-bench-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        DeliveryEventDeserializer events = new DeliveryEventDeserializer();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.DELIVERY_EVENTS));
            while (true) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    DeliveryEvent e = events.deserialize(r.topic(), r.value());
                    if (DeliveryEvent.DELIVERED.equals(e.status()) && e.receivedAt() != null) {
                        DELIVERED.putIfAbsent(e.messageId(), new long[] { e.receivedAt().toEpochMilli(),
                                e.occurredAt().toEpochMilli() });
                    }
                }
            }
        }
    }

    static long workerLag() {
        try {
            String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8082/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("(?m)^dispatch_consumer_lag (\\S+)").matcher(body);
            return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    /** CPU seconds so far of every process of the stack ({@code <run>/<name>.pid}). */
    static Map<String, Double> cpu(Path run) throws Exception {
        Map<String, Double> out = new java.util.TreeMap<>();
        try (var files = Files.list(run)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
                String name = p.getFileName().toString().replace(".pid", "");
                String stat = Files.readString(Path.of("/proc/" + Files.readString(p).strip() + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                out.put(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0);
            }
        }
        return out;
    }

    static double pct(List<Long> nanos, int p) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(Long::compare);
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100)) / 1e6;
    }
}
