package org.mintpost.webhook.delivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
 * Takes due jobs from the queue, many per claim, into one {@link Lane} per webhook, and attempts them on a bounded
 * pool: {@code workers} requests in flight, at most {@code per-webhook-in-flight} to one webhook, so a hanging
 * endpoint ties up only its own share. Finished attempts are written in batches ({@link AttemptWriter}); a job is
 * held (and its lease kept) until its attempt is written. Woken when jobs are queued and when attempts are
 * written; otherwise it looks every {@code poll-interval}.
 */
@ApplicationScoped
public class DeliveryWorker {

    /** An attempt starts only while this much of its lease is left beyond the request timeout. */
    private static final long LEASE_MARGIN_MS = 5_000;

    private final JobRepository jobs;
    private final Sender sender;
    private final SecretBox secrets;
    private final WebhookConfig config;
    private final AttemptWriter writer;
    private final Semaphore wake = new Semaphore(0);
    private final Map<String, Lane> lanes = new HashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ExecutorService pool;
    private int held;
    private volatile boolean running = true;
    private Thread dispatcher;

    public DeliveryWorker(JobRepository jobs, Sender sender, AttemptRecorder recorder, SecretBox secrets,
            WebhookConfig config, MeterRegistry registry) {
        this.jobs = jobs;
        this.sender = sender;
        this.secrets = secrets;
        this.config = config;
        this.writer = new AttemptWriter(recorder, this::released);
        this.pool = Executors.newFixedThreadPool(config.workers(), r -> {
            Thread t = new Thread(r, "webhook-attempt");
            t.setDaemon(true);
            return t;
        });
        registry.gauge("mintpost.webhooks.attempts.in.flight", inFlight);
        registry.gauge("mintpost.webhooks.jobs.open", jobs, DeliveryWorker::openJobs);
    }

    void start(@Observes StartupEvent event) {
        writer.start();
        dispatcher = new Thread(this::loop, "webhook-dispatcher");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    void stop(@Observes ShutdownEvent event) {
        List<String> unstarted = new ArrayList<>();
        synchronized (lanes) {
            running = false;
            for (Lane lane : lanes.values()) {
                lane.waiting.forEach(c -> unstarted.add(c.job().id()));
                lane.waiting.clear();
            }
        }
        wake.release();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(config.requestTimeout().toMillis() + 2_000, TimeUnit.MILLISECONDS)) {
                Log.warn("attempts still in flight at shutdown; their jobs are taken again when the lease ends");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.stop();
        release(unstarted);
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
        long leaseMs = config.lease().toMillis();
        int max = config.perWebhookClaimed();
        Map<String, Integer> taken = new HashMap<>();
        int free;
        synchronized (lanes) {
            free = config.claimed() - held;
            for (Map.Entry<String, Lane> e : lanes.entrySet()) {
                Lane lane = e.getValue();
                int room = lane.capacity(config.perWebhookInFlight(), max, leaseMs) - lane.held;
                if (room < max) {
                    taken.put(e.getKey(), max - Math.max(0, room));
                }
            }
        }
        if (free <= 0) {
            return;
        }
        long leaseEnds = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(leaseMs);
        List<ClaimedJob> claimed = jobs.claim(free, taken, max, config.lease());
        synchronized (lanes) {
            for (ClaimedJob job : claimed) {
                Lane lane = lanes.computeIfAbsent(job.webhookId(), k -> new Lane());
                lane.waiting.add(new Lane.Claim(job, leaseEnds));
                lane.held++;
                held++;
                pump(lane);
            }
        }
    }

    /** Starts this lane's waiting jobs while its share allows (under the lock). */
    private void pump(Lane lane) {
        while (running && lane.running < config.perWebhookInFlight() && !lane.waiting.isEmpty()) {
            Lane.Claim claim = lane.waiting.poll();
            lane.running++;
            inFlight.incrementAndGet();
            pool.execute(() -> attempt(lane, claim));
        }
    }

    private void attempt(Lane lane, Lane.Claim claim) {
        ClaimedJob job = claim.job();
        Outcome outcome = null;
        long leftMs = TimeUnit.NANOSECONDS.toMillis(claim.leaseEndsNanos() - System.nanoTime());
        try {
            if (leftMs > config.requestTimeout().toMillis() + LEASE_MARGIN_MS) {
                String secret = secrets.open(job.webhookId(), job.secretSealed());
                outcome = sender.post(job.url(), secret, job.eventType(), job.payload());
            }
        } catch (RuntimeException e) {
            Log.warnf("webhook job %s not attempted (%s); it is tried again", job.id(), e.getMessage());
        } finally {
            inFlight.decrementAndGet();
            synchronized (lanes) {
                lane.running--;
                if (outcome != null) {
                    lane.took(outcome.durationMs());
                }
                pump(lane);
            }
        }
        if (outcome != null) {
            writer.add(new FinishedAttempt(job, outcome));
        } else {
            release(List.of(job.id()));
            released(List.of(job));
        }
    }

    /** These jobs are no longer held here (written, or given back): room for more. */
    private void released(List<ClaimedJob> done) {
        synchronized (lanes) {
            for (ClaimedJob job : done) {
                Lane lane = lanes.get(job.webhookId());
                if (lane != null) {
                    lane.held--;
                    held--;
                    if (lane.held <= 0 && lane.averageMs < 2) {
                        lanes.remove(job.webhookId());
                    }
                }
            }
        }
        wake.release();
    }

    private void release(List<String> jobIds) {
        try {
            jobs.release(jobIds);
        } catch (RuntimeException e) {
            Log.warnf("%d webhook jobs kept their leases (%s); taken again when those end", jobIds.size(),
                    e.getMessage());
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

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
