package org.mintpost.webhook.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.webhook.config.WebhookConfig;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/**
 * Purges the delivery log: attempts older than {@code delivery-retention} and the closed jobs of that age go, in
 * batches so no purge holds long locks. A {@code pending} entry stays while its job is open, whatever its age.
 */
@ApplicationScoped
public class AttemptRetention {

    private static final int BATCH = 5_000;
    private static final String ATTEMPTS = "DELETE FROM webhooks.delivery WHERE id IN (SELECT id FROM "
            + "webhooks.delivery WHERE created_at < now() - make_interval(secs => ?) AND status <> 'pending' "
            + "LIMIT " + BATCH + ")";
    private static final String JOBS = "DELETE FROM webhooks.job WHERE id IN (SELECT id FROM webhooks.job "
            + "WHERE NOT open AND created_at < now() - make_interval(secs => ?) LIMIT " + BATCH + ")";

    private final DataSource db;
    private final Duration retention;

    public AttemptRetention(DataSource db, WebhookConfig config) {
        this.db = db;
        this.retention = config.deliveryRetention();
    }

    @Scheduled(every = "${mintpost.webhooks.purge-interval}", delayed = "${mintpost.webhooks.purge-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            long purged = purge(retention);
            if (purged > 0) {
                Log.infof("purged %d webhook attempts and jobs older than %s", purged, retention);
            }
        } catch (RuntimeException e) {
            Log.warnf("webhook delivery log not purged this round (%s)", e.getMessage());
        }
    }

    /** Deletes attempts and closed jobs older than {@code olderThan}; returns how many rows went. */
    public long purge(Duration olderThan) {
        long total = 0;
        try (Connection c = db.getConnection()) {
            for (String sql : new String[] {ATTEMPTS, JOBS}) {
                int n;
                do {
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        ps.setDouble(1, olderThan.toMillis() / 1000.0);
                        n = ps.executeUpdate();
                    }
                    total += n;
                } while (n == BATCH);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not purge the webhook delivery log: " + e.getMessage(), e);
        }
        return total;
    }
}
