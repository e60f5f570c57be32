package org.mintpost.audit.service;

import java.time.LocalDate;

/** One day's counters (or a range's totals, {@code day} null). */
public record StatsDay(LocalDate day, long sent, long delivered, long hardBounced, long softBounced,
        long spamComplaints, long opened, long clicked, long suppressed, long failed, Opens opens) {

    /** Opens by class, machine clicks, and effective opens (each recipient of a message once). */
    public record Opens(long human, long privacy, long machine, long machineClicked, long effective) {

        public static final Opens NONE = new Opens(0, 0, 0, 0, 0);

        Opens plus(Opens o) {
            return new Opens(human + o.human, privacy + o.privacy, machine + o.machine,
                    machineClicked + o.machineClicked, effective + o.effective);
        }
    }

    public StatsDay plus(StatsDay o) {
        return new StatsDay(day, sent + o.sent, delivered + o.delivered, hardBounced + o.hardBounced,
                softBounced + o.softBounced, spamComplaints + o.spamComplaints, opened + o.opened,
                clicked + o.clicked, suppressed + o.suppressed, failed + o.failed, opens.plus(o.opens));
    }
}
