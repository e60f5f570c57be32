package org.mintpost.token.domains;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.DomainChanged;
import org.mintpost.token.domains.dns.RecordCheck;
import org.mintpost.token.domains.dns.RecordCheck.Verdict;
import org.mintpost.token.service.Caller;
import org.mintpost.token.service.ChangePublisher;
import org.mintpost.token.service.Clock;
import org.mintpost.token.service.NotFound;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Checks a domain's records in the DNS, on demand (all of them, or one) and on a schedule (domains not
 * verified yet with backoff, verified ones now and then). The look-ups run outside any transaction; their
 * verdicts are then applied under the domain's row lock, and a status change is published.
 */
@ApplicationScoped
public class DomainVerification {

    /** The records after a check, with the verdicts of the ones checked (by record id). */
    public record Checked(DomainView view, Map<String, Verdict> verdicts) {
    }

    static final String SYSTEM = "system";

    private final DomainService service;
    private final DomainRepository domains;
    private final DomainDetailsRepository details;
    private final RecordCheck check;
    private final DomainEvents events;
    private final ChangePublisher publisher;
    private final DomainsConfig.Verification config;

    public DomainVerification(DomainService service, DomainRepository domains, DomainDetailsRepository details,
            RecordCheck check, DomainEvents events, ChangePublisher publisher, DomainsConfig config) {
        this.service = service;
        this.domains = domains;
        this.details = details;
        this.check = check;
        this.events = events;
        this.publisher = publisher;
        this.config = config.domains().verification();
    }

    /** Checks every record of the caller's domain (or only {@code recordId} when given). */
    public Uni<Checked> verify(Caller caller, UUID domainId, UUID recordId) {
        return Panache.withSession(() -> service.visible(caller, domainId)
                .chain(domain -> details.records(domain.id)))
                .chain(list -> {
                    List<DomainDnsRecord> chosen = recordId == null ? list
                            : list.stream().filter(r -> r.id.equals(recordId)).toList();
                    if (chosen.isEmpty()) {
                        return Uni.createFrom().failure(new NotFound("DNS record"));
                    }
                    return lookUp(chosen);
                })
                .chain(verdicts -> apply(domainId, verdicts, caller.actor(), recordId == null))
                .chain(verdicts -> service.get(caller, domainId).map(view -> new Checked(view, verdicts)));
    }

    /** The scheduled round: checks the domains whose next check is due. */
    @Scheduled(every = "${mintpost.domains.verification.interval}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> checkDue() {
        return Panache.withSession(() -> domains.due(Clock.now(), config.batchSize()))
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(id -> checkOne(id)
                        .onFailure().recoverWithItem(e -> {
                            Log.warnf("scheduled DNS check of domain %s failed: %s", id, e.getClass().getSimpleName());
                            return null;
                        }))
                .collect().last().replaceWithVoid();
    }

    Uni<Map<String, Verdict>> checkOne(UUID domainId) {
        return Panache.withSession(() -> details.records(domainId))
                .chain(this::lookUp)
                .chain(verdicts -> apply(domainId, verdicts, SYSTEM, true));
    }

    private Uni<Map<String, Verdict>> lookUp(List<DomainDnsRecord> records) {
        List<Uni<Verdict>> each = records.stream().map(check::check).toList();
        return Uni.join().all(each).andFailFast().map(list -> {
            Map<String, Verdict> byId = new LinkedHashMap<>();
            list.forEach(v -> byId.put(v.recordId(), v));
            return byId;
        });
    }

    /** Applies the verdicts under the domain's lock; publishes when the status changed. */
    private Uni<Map<String, Verdict>> apply(UUID domainId, Map<String, Verdict> verdicts, String actor,
            boolean reschedule) {
        Instant now = Clock.now();
        return Panache.withTransaction(() -> domains.findLiveForUpdate(domainId)
                .onItem().ifNull().failWith(() -> new NotFound("Domain"))
                .chain(domain -> details.records(domainId).chain(list -> {
                    boolean changed = DomainStatus.apply(domain, list, verdicts, config.giveUpAfter(), now);
                    if (reschedule) {
                        DomainStatus.schedule(domain, config, now);
                    }
                    if (!changed) {
                        return Uni.createFrom().item(false);
                    }
                    Log.infof("domain %s is now %s", domain.domain, domain.status);
                    return details.keys(domainId).chain(keys -> events.record(domain, keys,
                            DomainChanged.CHANGE_VERIFIED, actor, now)).replaceWith(true);
                })))
                .call(changed -> changed ? publisher.publishCommitted() : Uni.createFrom().voidItem())
                .replaceWith(verdicts);
    }
}
