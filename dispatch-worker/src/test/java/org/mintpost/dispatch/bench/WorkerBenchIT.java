package org.mintpost.dispatch.bench;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.EmailContent;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.contracts.event.SuppressionChanged;
import org.mintpost.contracts.kafka.EventJson;
import org.mintpost.dispatch.support.Cpu;
import org.mintpost.dispatch.support.GreenMailResource;
import org.mintpost.dispatch.support.Jobs;
import org.mintpost.dispatch.support.KafkaTestClient;
import org.mintpost.dispatch.support.WorkerProcess;
import org.mintpost.testing.KafkaBroker;

import com.icegreen.greenmail.util.GreenMail;

import io.vertx.core.Vertx;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;

/**
 * Throughput of one and of two packaged workers (processes) against each sink's own ceiling measured in the
 * same run (a plain client, the Vert.x mail client with 32 pooled connections, straight to the sink), with two
 * sinks: GreenMail (in this JVM, next to the broker) and Postfix's {@code smtp-sink} (its own process); CPU
 * seconds per 1,000 mails of each process from {@code /proc}; accepted → delivered latency at a fixed offered
 * rate. Figures only, no pass/fail. Run (docs/benchmarks.md):
 * {@code ./mvnw -pl dispatch-worker -am verify -Dbench=true -Dit.test=WorkerBenchIT -Dtest=NoSuch
 * -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.sinks=greenmail,smtp-sink] [-Dbench.n=5000]}.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class WorkerBenchIT {

    static final int N = Integer.getInteger("bench.n", 5000);
    static final int RATE = Integer.getInteger("bench.rate", 200);
    static final int RATE_SECONDS = Integer.getInteger("bench.rate.seconds", 15);
    static final List<String> SINKS = List.of(System.getProperty("bench.sinks", "greenmail,smtp-sink").split(","));

    KafkaTestClient kafka;
    String bootstrap;
    final List<String> report = new ArrayList<>();

    /** A sink the workers deliver to: its port, and the pid whose CPU it spends (this JVM for GreenMail). */
    record Sink(String name, int port, long pid, AutoCloseable stop) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            stop.close();
        }
    }

    @Test
    void measure() throws Exception {
        bootstrap = KafkaBroker.shared().bootstrapServers();
        kafka = new KafkaTestClient(bootstrap);
        try {
            report.add("load average at start: " + loadAverage());
            for (String name : SINKS) {
                try (Sink sink = start(name.strip())) {
                    measure(sink);
                }
            }
            report.add("load average at end: " + loadAverage());
        } finally {
            kafka.close();
        }
        report.forEach(line -> System.out.println("[bench] " + line));
    }

    void measure(Sink sink) throws Exception {
        sinkCeiling(sink, N / 2); // warm up
        double before = sinkCeiling(sink, N);
        try (WorkerProcess one = WorkerProcess.start("bench-1", bootstrap, sink.port())) {
            one.awaitReady(Duration.ofSeconds(60));
            throughput(N / 2, "warm", List.of(one), sink); // warm up: JIT, connections
            String single = throughput(N, "one", List.of(one), sink);
            if (sink.name().equals("greenmail")) {
                double[] lat = latency(RATE, RATE_SECONDS);
                report.add(String.format("%s, one worker, offered %d msg/s for %d s: accepted→delivered p50 %.0f ms, "
                        + "p99 %.0f ms, max %.0f ms", sink.name(), RATE, RATE_SECONDS, lat[0], lat[1], lat[2]));
            }
            try (WorkerProcess two = WorkerProcess.start("bench-2", bootstrap, sink.port())) {
                two.awaitReady(Duration.ofSeconds(60));
                throughput(N / 2, "warm2", List.of(one, two), sink);
                String pair = throughput(N, "two", List.of(one, two), sink);
                double after = sinkCeiling(sink, N);
                report.add(String.format("%s: sink ceiling %.0f / %.0f mails/s (before / after); %s; %s",
                        sink.name(), before, after, single, pair));
                two.stop(Duration.ofSeconds(30)); // gracefully: a flight recording asked for is written
            }
            one.stop(Duration.ofSeconds(30));
        }
    }

    /**
     * Delivery with a large suppression list against none, same run, one worker to GreenMail: throughput with no
     * entry; then {@code bench.suppressions} team entries (addresses, plus one in a hundred a domain) published on
     * {@code suppression-changes} while a round delivers (a flood of suppressions beside the traffic); once the
     * worker has read them all, throughput again, and the empty-list figure once more to bracket the noise. None of the entries matches a bench recipient: the cost measured is the lookup.
     * {@code -Dit.test='WorkerBenchIT#suppressionList' -Dbench.suppressions=100000}.
     */
    @Test
    @EnabledIfSystemProperty(named = "bench.suppressions", matches = "\\d+")
    void suppressionList() throws Exception {
        int entries = Integer.getInteger("bench.suppressions");
        bootstrap = KafkaBroker.shared().bootstrapServers();
        kafka = new KafkaTestClient(bootstrap);
        try (Sink sink = start("greenmail");
                WorkerProcess worker = WorkerProcess.start("bench-suppressions", bootstrap, sink.port())) {
            worker.awaitReady(Duration.ofSeconds(60));
            report.add("load average at start: " + loadAverage());
            throughput(N / 2, "warm", List.of(worker), sink);
            String before = throughput(N, "none", List.of(worker), sink);
            long published = System.nanoTime();
            // the entries arrive while the next round delivers: a flood of suppressions beside the traffic
            CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> publishSuppressions(entries));
            String during = throughput(N, "flood", List.of(worker), sink);
            flood.join();
            await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(200))
                    .until(() -> worker.metric("(?m)^dispatch_suppressions(?:\\{[^}]*\\})? (\\S+)") >= entries);
            double readSeconds = (System.nanoTime() - published) / 1e9;
            String with = throughput(N, "listed", List.of(worker), sink);
            String after = throughput(N, "none-again", List.of(worker), sink);
            report.add(String.format("%,d suppression entries (published and read by the worker in %.1f s): %s; "
                    + "while they arrived: %s; no entry, before / after: %s / %s", entries, readSeconds, with, during,
                    before, after));
            report.add("load average at end: " + loadAverage());
            worker.stop(Duration.ofSeconds(30));
        } finally {
            kafka.close();
        }
        report.forEach(line -> System.out.println("[bench] " + line));
    }

    /** Team entries (addresses, one in a hundred a domain) that match no bench recipient. */
    void publishSuppressions(int entries) {
        for (int i = 0; i < entries; i++) {
            boolean domain = i % 100 == 0;
            SuppressionChanged entry = new SuppressionChanged(UUID.randomUUID().toString(), Instant.now(),
                    SuppressionChanged.SCHEMA_VERSION, "created", UUID.randomUUID().toString(), Jobs.TEAM, "team",
                    null, null, domain ? "domain" : "email",
                    domain ? "gone-" + i + ".example" : "gone-" + i + "@example.org", "hard_bounce", null, 1, "bench");
            try {
                kafka.sendRawAsync(Topics.SUPPRESSION_CHANGES, entry.suppressionId(),
                        EventJson.MAPPER.writeValueAsBytes(entry));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        kafka.flush();
    }

    Sink start(String name) throws Exception {
        if (name.equals("greenmail")) {
            GreenMail g = GreenMailResource.startGreenMail();
            return new Sink(name, g.getSmtp().getPort(), ProcessHandle.current().pid(), g::stop);
        }
        int port = WorkerProcess.freePort();
        Process p = new ProcessBuilder("smtp-sink", "-u", "nobody", "127.0.0.1:" + port, "256")
                .redirectErrorStream(true).redirectOutput(new File("/dev/null")).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> listening(port));
        return new Sink(name, port, p.pid(), () -> {
            p.destroy();
            p.waitFor(5, TimeUnit.SECONDS);
        });
    }

    static boolean listening(int port) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    static String loadAverage() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }

    static SendJob job(String batch, int i) {
        EmailContent content = new EmailContent("sender@example.com", List.of("user" + (i % 100) + "@sink.test"),
                null, null, null, batch + " " + i, "<p>bench " + i + "</p>", "bench message " + i, null, null, null,
                null, null, null, null, null);
        // a dozen projects: the jobs spread over every partition of send-jobs, as many customers' do
        return Jobs.api(UUID.randomUUID().toString(), "bench-project-" + (i % 12), content, null);
    }

    /**
     * Publishes {@code n} jobs at once; mails/s between the first and the last delivered event, and the CPU
     * seconds per 1,000 mails of each worker, of this JVM (broker, GreenMail, test client) and of the sink.
     */
    String throughput(int n, String batch, List<WorkerProcess> workers, Sink sink) {
        double[] cpu0 = workers.stream().mapToDouble(WorkerProcess::cpuSeconds).toArray();
        double self0 = Cpu.self();
        double sink0 = sink.pid() == ProcessHandle.current().pid() ? 0 : Cpu.seconds(sink.pid());
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            SendJob job = job(batch, i);
            ids.add(job.messageId());
            kafka.sendAsync(job);
        }
        kafka.flush();
        await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(200))
                .until(() -> ids.stream().allMatch(id -> kafka.statuses(id).contains(DeliveryEvent.DELIVERED)));
        Instant first = null;
        Instant last = null;
        for (String id : ids) {
            Instant at = delivered(id);
            first = first == null || at.isBefore(first) ? at : first;
            last = last == null || at.isAfter(last) ? at : last;
        }
        double rate = n / (Duration.between(first, last).toMillis() / 1000.0);
        StringBuilder cpu = new StringBuilder();
        for (int w = 0; w < workers.size(); w++) {
            cpu.append(String.format("worker %d %.2f, ", w + 1, (workers.get(w).cpuSeconds() - cpu0[w]) * 1000 / n));
        }
        cpu.append(String.format("test JVM (broker, client%s) %.2f", sink0 == 0 ? ", GreenMail" : "",
                (Cpu.self() - self0) * 1000 / n));
        if (sink0 != 0) {
            cpu.append(String.format(", smtp-sink %.2f", (Cpu.seconds(sink.pid()) - sink0) * 1000 / n));
        }
        return String.format("%s %.0f mails/s (CPU s per 1,000 mails: %s)",
                workers.size() == 1 ? "one worker" : "two workers", rate, cpu);
    }

    /** Offers {@code rate} jobs per second for {@code seconds}; p50, p99, max of accepted → delivered. */
    double[] latency(int rate, int seconds) throws InterruptedException {
        List<SendJob> jobs = new ArrayList<>();
        long start = System.nanoTime();
        int total = rate * seconds;
        for (int i = 0; i < total; i++) {
            long due = start + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            SendJob job = job("rate", i);
            jobs.add(job);
            kafka.sendAsync(job);
        }
        kafka.flush();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> jobs.stream()
                .allMatch(j -> kafka.statuses(j.messageId()).contains(DeliveryEvent.DELIVERED)));
        List<Long> millis = new ArrayList<>();
        for (SendJob j : jobs) {
            millis.add(Duration.between(j.receivedAt(), delivered(j.messageId())).toMillis());
        }
        millis.sort(Long::compare);
        return new double[] { millis.get(millis.size() / 2), millis.get((int) (millis.size() * 0.99)),
                millis.get(millis.size() - 1) };
    }

    Instant delivered(String id) {
        return kafka.events(id).stream().filter(e -> e.status().equals(DeliveryEvent.DELIVERED))
                .map(DeliveryEvent::occurredAt).min(Instant::compareTo).orElseThrow();
    }

    /** What the sink takes from a plain client: 32 pooled connections, as many mails in flight. */
    static double sinkCeiling(Sink sink, int n) throws Exception {
        Vertx vertx = Vertx.vertx();
        MailClient client = MailClient.create(vertx, new MailConfig().setHostname("127.0.0.1")
                .setPort(sink.port()).setStarttls(StartTLSOptions.DISABLED).setKeepAlive(true).setMaxPoolSize(32));
        Semaphore permits = new Semaphore(32);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            permits.acquire();
            MailMessage m = new MailMessage().setFrom("sender@example.com").setTo("user" + (i % 100) + "@sink.test")
                    .setSubject("ceiling " + i).setText("bench message " + i).setHtml("<p>bench " + i + "</p>");
            CompletableFuture<Void> done = new CompletableFuture<>();
            client.sendMail(m).onComplete(ar -> done.complete(null));
            done.orTimeout(10, TimeUnit.SECONDS).whenComplete((ok, err) -> permits.release());
        }
        permits.acquire(32);
        double seconds = (System.nanoTime() - start) / 1e9;
        client.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return n / seconds;
    }
}
