package org.mintpost.webhook.delivery;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.webhook.config.WebhookConfig;
import org.mintpost.webhook.repository.AttemptRecord;
import org.mintpost.webhook.repository.ClaimedJob;
import org.mintpost.webhook.repository.DeliveryRepository;
import org.mintpost.webhook.repository.JobRepository;
import org.mintpost.webhook.repository.WebhookRepository;

import io.quarkus.logging.Log;

/**
 * Writes what attempts came to, a batch in one transaction: each attempt's record, its job closed or put back with
 * its back-off (and its next {@code pending} entry), each webhook's {@code last_called_at} and its run of failures
 * (a day of failures disables it, and a {@code webhook.disabled} entry says so in the delivery log).
 */
@ApplicationScoped
public class AttemptRecorder {

    public static final String DISABLED_EVENT = "webhook.disabled";

    private final DataSource db;
    private final JobRepository jobs;
    private final DeliveryRepository deliveries;
    private final WebhookRepository webhooks;
    private final Backoff backoff;
    private final Duration giveUpAfter;
    private final Duration disableAfter;

    public AttemptRecorder(DataSource db, JobRepository jobs, DeliveryRepository deliveries,
            WebhookRepository webhooks, WebhookConfig config) {
        this.db = db;
        this.jobs = jobs;
        this.deliveries = deliveries;
        this.webhooks = webhooks;
        this.backoff = new Backoff(config.retry().initialBackoff(), config.retry().maxBackoff());
        this.giveUpAfter = config.retry().giveUpAfter();
        this.disableAfter = config.disableAfter();
    }

    /** Records attempts of queued jobs (each job at most once in a batch), all or none. */
    public void recordAll(List<FinishedAttempt> done) {
        Instant now = Instant.now();
        List<AttemptRecord> rows = new ArrayList<>();
        List<String> attempted = new ArrayList<>();
        List<JobRepository.Closed> closed = new ArrayList<>();
        List<JobRepository.Retry> retried = new ArrayList<>();
        // per webhook (sorted: every instance locks webhook rows in one order), its outcomes in the order they came
        Map<String, List<Result>> outcomes = new TreeMap<>();
        for (FinishedAttempt f : done) {
            ClaimedJob job = f.job();
            Outcome outcome = f.outcome();
            int attempts = job.attempts() + 1;
            Duration delay = outcome.retry() ? backoff.after(attempts, outcome.retryAfter()) : null;
            boolean retry = delay != null && now.plus(delay).isBefore(job.createdAt().plus(giveUpAfter));
            String error = outcome.retry() && !retry && outcome.errorMessage() != null
                    ? outcome.errorMessage() + " (given up)" : outcome.errorMessage();
            rows.add(attempt(job.webhookId(), job.id(), job.eventType(), job.payload(), attempts, outcome, error, now));
            attempted.add(job.id());
            if (retry) {
                retried.add(new JobRepository.Retry(job.id(), attempts, delay));
                rows.add(DeliveryRepository.pendingRecord(job.id(), job.webhookId(), job.eventType(), job.payload(),
                        attempts + 1, now.plusNanos(1000)));
            } else {
                closed.add(new JobRepository.Closed(job.id(), attempts));
            }
            outcomes.computeIfAbsent(job.webhookId(), k -> new ArrayList<>()).add(new Result(outcome.success(), attempts));
        }
        inTransaction(c -> {
            deliveries.clearPending(c, attempted);
            deliveries.insertAll(c, rows);
            jobs.closeAll(c, closed);
            jobs.retryAllLater(c, retried);
            for (Map.Entry<String, List<Result>> w : outcomes.entrySet()) {
                webhooks.touched(c, w.getKey(), now);
                Boolean last = null;
                for (Result r : w.getValue()) {
                    if (!Boolean.valueOf(r.success()).equals(last)) {
                        outcome(c, w.getKey(), r.success(), r.attempt(), now);
                    }
                    last = r.success();
                }
            }
        });
    }

    /** Records a one-off attempt (the {@code test} endpoint); returns the attempt's id. */
    public String recordTest(String webhookId, String eventType, String payload, Outcome outcome) {
        Instant now = Instant.now();
        AttemptRecord row = attempt(webhookId, null, eventType, payload, 1, outcome, outcome.errorMessage(), now);
        inTransaction(c -> {
            deliveries.insert(c, row);
            webhooks.touched(c, webhookId, now);
            outcome(c, webhookId, outcome.success(), 1, now);
        });
        return row.id();
    }

    private static AttemptRecord attempt(String webhookId, String jobId, String eventType, String payload,
            int attempt, Outcome outcome, String error, Instant now) {
        return new AttemptRecord(UUID.randomUUID().toString(), webhookId, jobId, eventType, outcome.status(), attempt,
                outcome.httpStatusCode(), outcome.durationMs(), payload, outcome.responseBody(),
                outcome.responseHeaders(), error, outcome.success() ? now : null, now);
    }

    /** A webhook's run of failures ends with a success; a day of them disables it, with an entry saying so. */
    private void outcome(Connection c, String webhookId, boolean success, int attempt, Instant now)
            throws SQLException {
        if (deliveries.recordOutcome(c, webhookId, success, disableAfter)) {
            Log.warnf("webhook %s disabled: its deliveries failed for %s", webhookId, disableAfter);
            deliveries.insert(c, new AttemptRecord(UUID.randomUUID().toString(), webhookId, null,
                    DISABLED_EVENT, Outcome.FAILED, attempt, null, null, "{}", null, null,
                    "Disabled: deliveries failed for " + disableAfter.toHours() + " h. Enable it again "
                            + "with update once the endpoint answers.", null, now.plusNanos(1000)));
        }
    }

    private record Result(boolean success, int attempt) {
    }

    private interface Step {
        void run(Connection c) throws SQLException;
    }

    private void inTransaction(Step step) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                step.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not record webhook attempts: " + e.getMessage(), e);
        }
    }
}
