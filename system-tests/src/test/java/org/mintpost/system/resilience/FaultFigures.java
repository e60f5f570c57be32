package org.mintpost.system.resilience;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The figures of one fault-injection run, computed once from what the load and the sink saw: the report prints
 * them and the assertions read them (one computation for both). A message belongs to the window of the last fault
 * injected at most 5 s after it was first sent (it can be in flight when the fault hits); answers and stalls belong
 * to the window they happened in (from the fault to the next one).
 */
final class FaultFigures {

    static final String BEFORE = "before any fault";

    /** One window's figures. */
    static final class Row {
        final String name;
        final FaultInjectionIT.Fault fault;
        int sent;
        int accepted;
        int delivered;
        int lost;
        int duplicates;
        int failedAnswers;
        int noAnswer;
        long slowestMillis;
        long longestFailingMillis;
        long longestWithoutAcceptMillis;
        long firstDeliveryMillis = -1;
        OffsetWatch.Stall stall;

        Row(String name, FaultInjectionIT.Fault fault) {
            this.name = name;
            this.fault = fault;
        }

        long stallMillis() {
            return stall == null ? 0 : stall.millis();
        }
    }

    final Map<String, Row> rows = new LinkedHashMap<>();
    int sent;
    int accepted;
    int retried;
    int gaveUp;
    int delivered;
    int lost;
    int duplicates;
    int idsChanged;
    final List<Integer> lostSeqs = new ArrayList<>();

    FaultFigures(SendLoad load, MailWatch mails, Map<String, FaultInjectionIT.Fault> faults, OffsetWatch offsets,
            long startedNanos, long endedNanos) {
        rows.put(BEFORE, new Row(BEFORE, null));
        faults.forEach((name, f) -> rows.put(name, new Row(name, f)));
        List<Row> ordered = new ArrayList<>(rows.values());
        for (SendLoad.Outcome o : load.outcomes.values()) {
            int copies = mails.copies.getOrDefault(SendLoad.subject(load.run, o.seq), 0);
            Row row = ordered.get(0);
            for (Row r : ordered) {
                if (r.fault != null && o.firstAttemptNanos >= r.fault.injectedNanos - TimeUnit.SECONDS.toNanos(5)) {
                    row = r;
                }
            }
            sent++;
            row.sent++;
            retried += o.attempts > 1 ? 1 : 0;
            gaveUp += o.gaveUp ? 1 : 0;
            idsChanged += o.messageIds.size() > 1 ? 1 : 0;
            if (o.accepted()) {
                accepted++;
                row.accepted++;
                if (copies == 0) {
                    lost++;
                    row.lost++;
                    lostSeqs.add(o.seq);
                }
            }
            if (copies > 0) {
                delivered++;
                row.delivered++;
                duplicates += copies - 1;
                row.duplicates += copies - 1;
            }
        }
        lostSeqs.sort(null);
        List<Long> acceptedTimes = load.acceptedTimes();
        List<SendLoad.Answer> answers = new ArrayList<>(load.answers);
        answers.sort((a, b) -> Long.compare(a.sentNanos(), b.sentNanos()));
        for (int i = 0; i < ordered.size(); i++) {
            Row row = ordered.get(i);
            long from = row.fault == null ? startedNanos : row.fault.injectedNanos;
            long to = i + 1 < ordered.size() ? ordered.get(i + 1).fault.injectedNanos : endedNanos;
            long failingSince = 0;
            for (SendLoad.Answer a : answers) {
                if (a.sentNanos() < from || a.sentNanos() >= to) {
                    continue;
                }
                row.slowestMillis = Math.max(row.slowestMillis, a.millis());
                if (a.failed()) {
                    row.failedAnswers += a.status() >= 500 ? 1 : 0;
                    row.noAnswer += a.status() < 0 ? 1 : 0;
                    failingSince = failingSince == 0 ? a.sentNanos() : failingSince;
                } else if (a.status() == 202 && failingSince != 0) {
                    row.longestFailingMillis = Math.max(row.longestFailingMillis,
                            TimeUnit.NANOSECONDS.toMillis(a.sentNanos() + TimeUnit.MILLISECONDS.toNanos(a.millis())
                                    - failingSince));
                    failingSince = 0;
                }
            }
            if (failingSince != 0) {
                row.longestFailingMillis = Math.max(row.longestFailingMillis,
                        TimeUnit.NANOSECONDS.toMillis(to - failingSince));
            }
            long last = from;
            for (long t : acceptedTimes) {
                if (t < from) {
                    continue;
                }
                if (t > to) {
                    break;
                }
                row.longestWithoutAcceptMillis = Math.max(row.longestWithoutAcceptMillis,
                        TimeUnit.NANOSECONDS.toMillis(t - last));
                last = t;
            }
            row.stall = offsets == null ? null : offsets.longest(from, to);
            if (row.fault != null) {
                long best = Long.MAX_VALUE;
                for (SendLoad.Outcome o : load.outcomes.values()) {
                    if (o.firstAttemptNanos >= row.fault.injectedNanos) {
                        Long seen = mails.firstSeenNanos.get(SendLoad.subject(load.run, o.seq));
                        if (seen != null) {
                            best = Math.min(best, seen);
                        }
                    }
                }
                row.firstDeliveryMillis = best == Long.MAX_VALUE ? -1
                        : TimeUnit.NANOSECONDS.toMillis(best - row.fault.injectedNanos);
            }
        }
    }

    double duplicateRatio() {
        return delivered == 0 ? 0 : (double) duplicates / delivered;
    }

    /** Duplicates per window, for the assertion's message. */
    Map<String, Integer> duplicatesByWindow() {
        Map<String, Integer> byWindow = new LinkedHashMap<>();
        rows.forEach((name, row) -> byWindow.put(name, row.duplicates));
        return byWindow;
    }

    OffsetWatch.Stall longestStall() {
        OffsetWatch.Stall best = null;
        for (Row r : rows.values()) {
            if (r.stall != null && (best == null || r.stall.millis() > best.millis())) {
                best = r.stall;
            }
        }
        return best;
    }

    /**
     * The longest stall less the part of it while the one dispatch-worker was down (from its kill -9 until it was
     * ready again): that outage is its row's recovery time, not a partition held up by a job.
     */
    long longestStallWhileAWorkerRunsMillis() {
        long outageFrom = 0;
        long outageTo = 0;
        for (Map.Entry<String, Row> e : rows.entrySet()) {
            FaultInjectionIT.Fault f = e.getValue().fault;
            if (e.getKey().startsWith("dispatch-worker") && f != null) {
                outageFrom = f.injectedNanos;
                long restarted = f.restartedNanos > 0 ? f.restartedNanos : f.injectedNanos;
                outageTo = restarted + TimeUnit.MILLISECONDS.toNanos(Math.max(0, f.readyMillis));
            }
        }
        long best = 0;
        for (Row r : rows.values()) {
            if (r.stall == null) {
                continue;
            }
            long overlap = Math.max(0, Math.min(r.stall.toNanos(), outageTo) - Math.max(r.stall.fromNanos(), outageFrom));
            best = Math.max(best, TimeUnit.NANOSECONDS.toMillis(r.stall.toNanos() - r.stall.fromNanos() - overlap));
        }
        return best;
    }

    long maxRecoveryMillis() {
        return rows.values().stream().mapToLong(r -> r.firstDeliveryMillis).max().orElse(0);
    }

    /** The per-fault table of {@code docs/resilience.md}. */
    String table() {
        StringBuilder b = new StringBuilder();
        b.append("| window | sent | accepted | delivered | lost | duplicates | 5xx answers (no answer) |"
                + " longest 5xx window | slowest answer | longest stretch without a `202` | longest stalled partition |"
                + " ready again after restart | fault → first delivery of a message sent after it | note |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows.values()) {
            b.append("| ").append(r.name).append(" | ").append(r.sent).append(" | ").append(r.accepted).append(" | ")
                    .append(r.delivered).append(" | ").append(r.lost).append(" | ").append(r.duplicates).append(" | ")
                    .append(r.failedAnswers).append(" (").append(r.noAnswer).append(") | ")
                    .append(r.longestFailingMillis).append(" ms | ").append(r.slowestMillis).append(" ms | ")
                    .append(r.longestWithoutAcceptMillis).append(" ms | ")
                    .append(r.stall == null ? "0 ms" : r.stallMillis() + " ms (send-jobs-" + r.stall.partition() + ")")
                    .append(" | ").append(r.fault == null ? "" : r.fault.readyMillis + " ms").append(" | ")
                    .append(r.fault == null ? "" : r.firstDeliveryMillis + " ms").append(" | ")
                    .append(r.fault == null ? "" : r.fault.note.replace("|", "/")).append(" |\n");
        }
        return b.toString();
    }
}
