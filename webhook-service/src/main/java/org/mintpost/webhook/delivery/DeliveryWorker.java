package org.mintpost.webhook.delivery;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.mintpost.webhook.config.WebhookConfig;
import org.mintpost.webhook.repository.ClaimedJob;
import org.mintpost.webhook.repository.JobRepository;
import org.mintpost.webhook.service.SecretBox;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Takes due jobs from the queue and runs their attempts on a bounded pool: {@code workers} attempts in flight,
 * at most {@code per-webhook-in-flight} of them to one webhook, so a hanging endpoint ties up only its own share.
 * Woken when new jobs are queued and when an attempt ends; otherwise it looks every {@code poll-interval}.
 */
@ApplicationScoped
public class DeliveryWorker {

    private final JobRepository jobs;
    private final Sender sender;
    private final AttemptRecorder recorder;
    private final SecretBox secrets;
    private final WebhookConfig config;
    private final Semaphore wake = new Semaphore(0);
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final ExecutorService pool;
    private volatile boolean running = true;
    private Thread dispatcher;

    public DeliveryWorker(JobRepository jobs, Sender sender, AttemptRecorder recorder, SecretBox secrets,
            WebhookConfig config, MeterRegistry registry) {
        this.jobs = jobs;
        this.sender = sender;
        this.recorder = recorder;
        this.secrets = secrets;
        this.config = config;
        this.pool = Executors.newFixedThreadPool(config.workers(), r -> {
            Thread t = new Thread(r, "webhook-attempt");
            t.setDaemon(true);
            return t;
        });
        registry.gauge("mintpost.webhooks.attempts.in.flight", total);
        registry.gauge("mintpost.webhooks.jobs.open", jobs, DeliveryWorker::openJobs);
    }

    void start(@Observes StartupEvent event) {
        dispatcher = new Thread(this::loop, "webhook-dispatcher");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        wake.release();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(config.requestTimeout().toMillis() + 2_000, TimeUnit.MILLISECONDS)) {
                Log.warn("attempts still in flight at shutdown; their jobs are taken again when the lease ends");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** New jobs are queued: look now instead of at the next poll. */
    public void wake() {
        wake.release();
    }

    private void loop() {
        while (running) {
            try {
                wake.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
                if (running) {
                    claimAndRun();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                Log.warnf("webhook queue unavailable (%s); trying again", e.getMessage());
                sleep(1_000);
            }
        }
    }

    private void claimAndRun() {
        int free = config.workers() - total.get();
        if (free <= 0) {
            return;
        }
        Map<String, Integer> running = inFlight.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
        List<ClaimedJob> claimed = jobs.claim(free, running, config.perWebhookInFlight(), config.lease());
        for (ClaimedJob job : claimed) {
            total.incrementAndGet();
            inFlight.computeIfAbsent(job.webhookId(), k -> new AtomicInteger()).incrementAndGet();
            pool.execute(() -> attempt(job));
        }
        if (!claimed.isEmpty()) {
            wake.release();
        }
    }

    private void attempt(ClaimedJob job) {
        try {
            String secret = secrets.open(job.webhookId(), job.secretSealed());
            Outcome outcome = sender.post(job.url(), secret, job.eventType(), job.payload());
            recorder.record(job, outcome);
        } catch (RuntimeException e) {
            Log.warnf("webhook job %s not recorded (%s); it is tried again when its lease ends", job.id(),
                    e.getMessage());
        } finally {
            total.decrementAndGet();
            inFlight.computeIfPresent(job.webhookId(), (k, n) -> n.decrementAndGet() <= 0 ? null : n);
            wake.release();
        }
    }

    /** Jobs not yet delivered, refused or given up (NaN while the database does not answer). */
    private static double openJobs(JobRepository jobs) {
        try {
            return jobs.backlog();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
