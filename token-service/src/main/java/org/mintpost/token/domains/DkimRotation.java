package org.mintpost.token.domains;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.DomainChanged;
import org.mintpost.token.domains.dkim.DkimKeyFactory;
import org.mintpost.token.service.Caller;
import org.mintpost.token.service.ChangePublisher;
import org.mintpost.token.service.Clock;
import org.mintpost.token.service.Errors;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Rotates a domain's DKIM key without downtime. Allowed once the standby key's TXT record is published
 * and verified ({@code rotation_ready}): the standby key becomes the active one (it signs from now on),
 * the active key is retired (its record stays published, {@code deprecated}, so mail signed with it and
 * still in transit verifies; the key retired by the rotation before is removed), and a new standby key is
 * made, whose TXT record the user publishes before the next rotation.
 */
@ApplicationScoped
public class DkimRotation {

    private final DomainService service;
    private final DomainDetailsRepository details;
    private final DkimKeyFactory keys;
    private final DomainRecords records;
    private final DomainEvents events;
    private final ChangePublisher publisher;

    public DkimRotation(DomainService service, DomainDetailsRepository details, DkimKeyFactory keys,
            DomainRecords records, DomainEvents events, ChangePublisher publisher) {
        this.service = service;
        this.details = details;
        this.keys = keys;
        this.records = records;
        this.events = events;
        this.publisher = publisher;
    }

    public Uni<DomainView> rotate(Caller caller, UUID domainId) {
        if (!keys.available()) {
            return Uni.createFrom().failure(new DkimUnavailable());
        }
        Instant now = Clock.now();
        return Panache.withSession(() -> service.visible(caller, domainId))
                .chain(snapshot -> {
                    String selector = "mp" + snapshot.nextSelector;
                    return OnContext.blocking(() -> keys.create(domainId, selector, DomainChanged.DkimKey.ROLE_STANDBY,
                            now)).chain(fresh -> Panache.withTransaction(() -> service.lockVisible(caller, domainId)
                            .chain(domain -> swap(domain, fresh, snapshot.nextSelector, caller.actor(), now))));
                })
                .call(publisher::publishCommitted)
                .chain(() -> service.get(caller, domainId));
    }

    private Uni<Void> swap(Domain domain, DkimKey fresh, int expectedSelector, String actor, Instant now) {
        if (domain.nextSelector != expectedSelector) {
            throw new DomainConflict("The domain's keys were rotated meanwhile; look at the domain and try again.");
        }
        return details.keys(domain.id).chain(held -> details.records(domain.id).chain(list -> {
            DkimKey standby = role(held, DomainChanged.DkimKey.ROLE_STANDBY);
            boolean published = standby != null && list.stream().anyMatch(r -> standby.selector.equals(r.selector)
                    && DomainDnsRecord.ACTIVE.equals(r.status));
            if (!published) {
                new Errors().add("dkim", "The standby DKIM key (selector " + (standby == null ? "?" : standby.selector)
                        + ") is not published yet: add its TXT record, verify the domain's DNS records, "
                        + "then rotate.").throwIfAny();
            }
            List<Object> gone = new ArrayList<>();
            for (DkimKey key : held) {
                switch (key.role) {
                    case DomainChanged.DkimKey.ROLE_RETIRED -> gone.add(key);
                    case DomainChanged.DkimKey.ROLE_ACTIVE -> key.role = DomainChanged.DkimKey.ROLE_RETIRED;
                    default -> key.role = DomainChanged.DkimKey.ROLE_ACTIVE;
                }
            }
            for (DomainDnsRecord record : list) {
                held.stream().filter(k -> k.selector.equals(record.selector)).findFirst().ifPresent(k -> {
                    if (gone.contains(k)) {
                        gone.add(record);
                    } else {
                        DomainRecords.applyRole(record, k.role);
                    }
                });
            }
            DomainDnsRecord added = records.dkim(domain, fresh);
            added.position = list.stream().mapToInt(r -> r.position).max().orElse(0) + 1;
            domain.nextSelector = domain.nextSelector + 1;
            List<DkimKey> remaining = new ArrayList<>(held);
            remaining.removeIf(gone::contains);
            remaining.add(fresh);
            return details.remove(gone)
                    .chain(() -> details.persist(List.of(fresh, added)))
                    .chain(() -> events.record(domain, remaining, DomainChanged.CHANGE_ROTATED, actor, now));
        }));
    }

    private static DkimKey role(List<DkimKey> held, String role) {
        return held.stream().filter(k -> role.equals(k.role)).findFirst().orElse(null);
    }
}
