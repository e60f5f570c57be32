package org.mintpost.webhook.delivery;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
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
 * Writes what an attempt came to, in one transaction: the attempt's record, the job closed or put back with its
 * back-off, the webhook's {@code last_called_at} and its run of failures (a day of failures disables it, and a
 * {@code webhook.disabled} entry says so in the delivery log).
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

    /** Records an attempt of a queued job; returns the attempt's id. */
    public String record(ClaimedJob job, Outcome outcome) {
        int attempts = job.attempts() + 1;
        Duration delay = outcome.retry() ? backoff.after(attempts, outcome.retryAfter()) : null;
        boolean retry = delay != null && Instant.now().plus(delay).isBefore(job.createdAt().plus(giveUpAfter));
        String error = outcome.retry() && !retry && outcome.errorMessage() != null
                ? outcome.errorMessage() + " (given up)" : outcome.errorMessage();
        return write(job.webhookId(), job.id(), job.eventType(), job.payload(), attempts, outcome, error, c -> {
            deliveries.clearPending(c, job.id());
            if (retry) {
                jobs.retryLater(c, job.id(), attempts, delay);
                deliveries.pending(c, job.id(), job.webhookId(), job.eventType(), job.payload(), attempts + 1,
                        Instant.now().plusNanos(1000));
            } else {
                jobs.close(c, job.id(), attempts);
            }
        });
    }

    /** Records a one-off attempt (the {@code test} endpoint); returns the attempt's id. */
    public String recordTest(String webhookId, String eventType, String payload, Outcome outcome) {
        return write(webhookId, null, eventType, payload, 1, outcome, outcome.errorMessage(), c -> { });
    }

    private interface Step {
        void run(Connection c) throws SQLException;
    }

    private String write(String webhookId, String jobId, String eventType, String payload, int attempt,
            Outcome outcome, String error, Step jobStep) {
        Instant now = Instant.now();
        String id = UUID.randomUUID().toString();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                deliveries.insert(c, new AttemptRecord(id, webhookId, jobId, eventType, outcome.status(), attempt,
                        outcome.httpStatusCode(), outcome.durationMs(), payload, outcome.responseBody(),
                        outcome.responseHeaders(), error, outcome.success() ? now : null, now));
                jobStep.run(c);
                webhooks.touched(c, webhookId, now);
                if (deliveries.recordOutcome(c, webhookId, outcome.success(), disableAfter)) {
                    Log.warnf("webhook %s disabled: its deliveries failed for %s", webhookId, disableAfter);
                    deliveries.insert(c, new AttemptRecord(UUID.randomUUID().toString(), webhookId, null,
                            DISABLED_EVENT, Outcome.FAILED, attempt, null, null, "{}", null, null,
                            "Disabled: deliveries failed for " + disableAfter.toHours() + " h. Enable it again "
                                    + "with update once the endpoint answers.", null, now.plusNanos(1000)));
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not record a webhook attempt: " + e.getMessage(), e);
        }
        return id;
    }
}
