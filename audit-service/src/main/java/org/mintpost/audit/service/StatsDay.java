package org.mintpost.audit.service;

import java.time.LocalDate;

/** One day's counters (or a range's totals, {@code day} null). */
public record StatsDay(LocalDate day, long sent, long delivered, long hardBounced, long softBounced,
        long spamComplaints, long opened, long clicked, long suppressed, long failed) {

    public StatsDay plus(StatsDay o) {
        return new StatsDay(day, sent + o.sent, delivered + o.delivered, hardBounced + o.hardBounced,
                softBounced + o.softBounced, spamComplaints + o.spamComplaints, opened + o.opened,
                clicked + o.clicked, suppressed + o.suppressed, failed + o.failed);
    }
}
