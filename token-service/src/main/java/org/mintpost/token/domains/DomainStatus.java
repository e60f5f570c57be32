package org.mintpost.token.domains;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.mintpost.token.domains.dns.RecordCheck.Verdict;

/**
 * Applies DNS verdicts to a domain's records and derives the domain's status. A record that matched is
 * {@code active}, one missing or wrong {@code failed}; a record whose look-up failed (a timeout, SERVFAIL)
 * keeps its status and notes the reason, so a DNS hiccup never unverifies a domain nor fails a new one.
 * The domain is {@code verified} when every required record is active, {@code partially_verified} when some
 * are; with none, it stays as it was while a look-up failed, becomes {@code failed_verification} once it had
 * been verified (or pending longer than {@code give-up-after}), and is {@code pending_verification} before.
 */
final class DomainStatus {

    private DomainStatus() {
    }

    /** Applies the verdicts (by record id) and returns true when the domain's status changed. */
    static boolean apply(Domain domain, List<DomainDnsRecord> records, Map<String, Verdict> verdicts,
            Duration giveUpAfter, Instant now) {
        String reason = null;
        boolean transientRequired = false;
        for (DomainDnsRecord record : records) {
            Verdict verdict = verdicts.get(record.id.toString());
            if (verdict == null) {
                continue;
            }
            record.lastCheckedAt = now;
            record.lastError = verdict.error();
            switch (verdict.outcome()) {
                case MATCHED -> {
                    if (!DomainDnsRecord.ACTIVE.equals(record.status) || record.verifiedAt == null) {
                        record.verifiedAt = now;
                    }
                    record.status = DomainDnsRecord.ACTIVE;
                }
                case FAILED -> record.status = DomainDnsRecord.FAILED;
                case TRANSIENT -> {
                    transientRequired |= record.required;
                    reason = reason == null ? verdict.error() : reason;
                }
            }
        }
        domain.lastCheckedAt = now;
        domain.statusReason = reason;
        String next = derive(domain, records, transientRequired, giveUpAfter, now);
        if (Objects.equals(next, domain.status)) {
            return false;
        }
        domain.status = next;
        domain.statusChangedAt = now;
        return true;
    }

    static String derive(Domain domain, List<DomainDnsRecord> records, boolean transientRequired,
            Duration giveUpAfter, Instant now) {
        long required = records.stream().filter(r -> r.required).count();
        long active = records.stream().filter(r -> r.required && DomainDnsRecord.ACTIVE.equals(r.status)).count();
        if (required > 0 && active == required) {
            return Domain.VERIFIED;
        }
        if (active > 0) {
            return Domain.PARTIALLY_VERIFIED;
        }
        if (transientRequired) {
            return domain.status;
        }
        boolean wasVerified = !Domain.PENDING.equals(domain.status);
        boolean givenUp = domain.createdAt.plus(giveUpAfter).isBefore(now);
        return wasVerified || givenUp ? Domain.FAILED : Domain.PENDING;
    }

    /** Whether a rotation can happen now: the standby key's record is published and matched. */
    static boolean rotationReady(List<DomainDnsRecord> records) {
        return records.stream().anyMatch(r -> DomainDnsRecord.DKIM_SECONDARY.equals(r.purpose)
                && DomainDnsRecord.ACTIVE.equals(r.status));
    }

    /** When the scheduler looks again: a verified domain after the recheck interval, others with backoff. */
    static void schedule(Domain domain, DomainsConfig.Verification config, Instant now) {
        if (domain.isVerified()) {
            domain.checkFailures = 0;
            domain.nextCheckAt = now.plus(config.recheckInterval());
            return;
        }
        domain.checkFailures = Math.min(domain.checkFailures + 1, 30);
        Duration wait = config.initialBackoff().multipliedBy(1L << Math.min(domain.checkFailures - 1, 20));
        domain.nextCheckAt = now.plus(wait.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : wait);
    }
}
