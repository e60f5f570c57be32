package org.mintpost.dispatch.bench;

import static org.awaitility.Awaitility.await;

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
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.EmailContent;
import org.mintpost.contracts.event.SendJob;
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
 * Throughput of one and of two packaged workers into a local SMTP sink (GreenMail, in this JVM
 * next to the broker), the sink's own ceiling measured in the same run, and end-to-end latency
 * (accepted → delivered) at a fixed offered rate.
 * Run: {@code ./mvnw -pl dispatch-worker verify -Dbench=true -Dit.test=WorkerBenchIT -Dtest=NoSuch
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class WorkerBenchIT {

    static final int N = Integer.getInteger("bench.n", 5000);
    static final int RATE = Integer.getInteger("bench.rate", 200);
    static final int RATE_SECONDS = Integer.getInteger("bench.rate.seconds", 15);

    GreenMail greenMail;
    KafkaTestClient kafka;
    String bootstrap;

    @Test
    void measure() throws Exception {
        bootstrap = KafkaBroker.shared().bootstrapServers();
        greenMail = GreenMailResource.startGreenMail();
        kafka = new KafkaTestClient(bootstrap);
        List<String> report = new ArrayList<>();
        try {
            sinkCeiling(N);
            greenMail.purgeEmailFromAllMailboxes();
            report.add("load average at start: " + java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip());
            report.add(String.format("sink ceiling (Vert.x client, 32 pooled connections, straight to GreenMail): "
                    + "%.0f mails/s", sinkCeiling(N)));
            greenMail.purgeEmailFromAllMailboxes();
            try (WorkerProcess one = start("bench-1")) {
                one.awaitReady(Duration.ofSeconds(60));
                Thread.sleep(3000);
                report.add(String.format("one worker: %.0f mails/s", throughput(N, "one")));
                greenMail.purgeEmailFromAllMailboxes();
                double[] lat = latency(RATE, RATE_SECONDS);
                report.add(String.format("one worker, offered %d msg/s for %d s: accepted→delivered p50 %.0f ms, "
                        + "p99 %.0f ms, max %.0f ms", RATE, RATE_SECONDS, lat[0], lat[1], lat[2]));
                greenMail.purgeEmailFromAllMailboxes();
                try (WorkerProcess two = start("bench-2")) {
                    two.awaitReady(Duration.ofSeconds(60));
                    Thread.sleep(8000);
                    report.add(String.format("two workers: %.0f mails/s", throughput(N, "two")));
                }
            }
            greenMail.purgeEmailFromAllMailboxes();
            report.add(String.format("sink ceiling again after the runs: %.0f mails/s", sinkCeiling(N)));
            report.add("load average at end: " + java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip());
        } finally {
            kafka.close();
            greenMail.stop();
        }
        report.forEach(line -> System.out.println("[bench] " + line));
    }

    WorkerProcess start(String name) throws Exception {
        return WorkerProcess.start(name, bootstrap, greenMail.getSmtp().getPort());
    }

    static SendJob job(String batch, int i) {
        EmailContent content = new EmailContent("sender@example.com", List.of("user" + (i % 100) + "@sink.test"),
                null, null, null, batch + " " + i, "<p>bench " + i + "</p>", "bench message " + i, null, null, null,
                null, null, null, null, null);
        return Jobs.api(UUID.randomUUID().toString(), content, null);
    }

    /** Publishes {@code n} jobs at once; mails/s between the first and the last delivered event. */
    double throughput(int n, String batch) {
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
        return n / (Duration.between(first, last).toMillis() / 1000.0);
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
            kafka.send(job);
        }
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

    double sinkCeiling(int n) throws Exception {
        Vertx vertx = Vertx.vertx();
        MailClient client = MailClient.create(vertx, new MailConfig().setHostname("127.0.0.1")
                .setPort(greenMail.getSmtp().getPort()).setStarttls(StartTLSOptions.DISABLED).setKeepAlive(true)
                .setMaxPoolSize(32));
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
