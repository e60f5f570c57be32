package org.mintpost.audit.rest;

import java.time.LocalDate;
import java.util.List;

import org.mintpost.audit.service.StatsDay;
import org.mintpost.audit.service.StatsService;

/**
 * {@code GET /v1/stats}: the SDK's {@code StatsData} ({@code totals}: {@code StatsTotalsData}, {@code daily}:
 * {@code StatsDailyData}). Added beside the SDK's fields: {@code soft_bounced}, {@code suppressed}, {@code failed}.
 * Inbound mail is not received by this platform ({@code inbound.received} 0); the per-type split is null. Opens are
 * classified at the edge: {@code human_opened}, {@code privacy_opened} (Apple Mail Privacy Protection),
 * {@code machine_opened}, {@code machine_clicked}; {@code observed_opened} is human plus privacy opens (Lettermint's
 * definition); {@code effective_opened} counts each recipient of a message once.
 */
public record StatsResponse(LocalDate from, LocalDate to, Counts totals, List<Counts> daily) {

    public record Inbound(long received) {
    }

    public record Counts(LocalDate date, long sent, long delivered, long hardBounced, long softBounced,
            long spamComplaints, long suppressed, long failed, Long opened, Long clicked, Inbound inbound,
            Object transactional, Object broadcast, Long effectiveOpened, Long machineOpened, Long machineClicked,
            Long humanOpened, Long privacyOpened, Long observedOpened) {

        static Counts of(StatsDay d) {
            return new Counts(d.day(), d.sent(), d.delivered(), d.hardBounced(), d.softBounced(), d.spamComplaints(),
                    d.suppressed(), d.failed(), d.opened(), d.clicked(), new Inbound(0), null, null,
                    d.opens().effective(), d.opens().machine(), d.opens().machineClicked(), d.opens().human(),
                    d.opens().privacy(), d.opens().human() + d.opens().privacy());
        }
    }

    static StatsResponse of(StatsService.Stats s) {
        return new StatsResponse(s.from(), s.to(), Counts.of(s.totals()), s.daily().stream().map(Counts::of).toList());
    }
}
