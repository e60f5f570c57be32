package org.mintpost.webhook.service;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

/** Queues webhook jobs on one connection in one transaction: all of them, or none and the failure thrown. */
final class JobsTransaction {

    /** The queueing itself; returns how many jobs it queued. */
    interface Work {
        int run(Connection c) throws SQLException;
    }

    private JobsTransaction() {
    }

    static int run(DataSource db, Work work) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                int queued = work.run(c);
                c.commit();
                return queued;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not queue webhook jobs: " + e.getMessage(), e);
        }
    }
}
