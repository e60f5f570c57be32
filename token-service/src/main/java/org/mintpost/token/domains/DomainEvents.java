package org.mintpost.token.domains;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.DomainChanged;
import org.mintpost.token.service.Outbox;

import io.smallrye.mutiny.Uni;

/**
 * Records a domain change: bumps the domain's revision and writes its full state ({@link DomainChanged}, its
 * private keys only sealed) to the outbox for {@code domain-changes}, in the caller's transaction.
 */
@ApplicationScoped
public class DomainEvents {

    private final Outbox outbox;

    public DomainEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> record(Domain domain, List<DkimKey> keys, String change, String actor, Instant now) {
        domain.changed(actor, now);
        DomainChanged event = state(domain, keys, change);
        return outbox.write(Topics.DOMAIN_CHANGES, domain.id, domain.revision, change, event, now);
    }

    static DomainChanged state(Domain domain, List<DkimKey> keys, String change) {
        boolean deleted = domain.deletedAt != null;
        List<DomainChanged.DkimKey> published = deleted ? List.of() : keys.stream()
                .sorted(Comparator.comparing(k -> k.createdAt))
                .map(k -> new DomainChanged.DkimKey(k.selector, k.role, "rsa-sha256", k.publicKey,
                        k.sealedPrivateKey, k.kekId))
                .toList();
        String active = published.stream().filter(k -> DomainChanged.DkimKey.ROLE_ACTIVE.equals(k.role()))
                .map(DomainChanged.DkimKey::selector).findFirst().orElse(null);
        return new DomainChanged(UUID.randomUUID().toString(), domain.updatedAt, DomainChanged.SCHEMA_VERSION, change,
                domain.id.toString(), domain.teamId.toString(), domain.domain,
                deleted ? DomainChanged.STATUS_DELETED : domain.status,
                deleted ? List.of() : domain.projectIds.stream().map(UUID::toString).sorted().toList(),
                active, published, domain.revision, domain.lastActor);
    }
}
