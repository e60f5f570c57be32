package org.mintpost.token.domains;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** A domain's DNS records and DKIM keys (read and written with their domain, never alone). */
@ApplicationScoped
public class DomainDetailsRepository {

    public Uni<List<DomainDnsRecord>> records(UUID domainId) {
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                "from DomainDnsRecord where domainId = :domain order by position", DomainDnsRecord.class)
                .setParameter("domain", domainId).getResultList());
    }

    public Uni<List<DkimKey>> keys(UUID domainId) {
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                "from DkimKey where domainId = :domain order by createdAt", DkimKey.class)
                .setParameter("domain", domainId).getResultList());
    }

    public Uni<Void> persist(Collection<?> entities) {
        return Panache.getSession().chain(s -> s.persistAll(entities.toArray()));
    }

    public Uni<Void> remove(Collection<?> entities) {
        return Panache.getSession().chain(s -> s.removeAll(entities.toArray()));
    }

    /** Names of the team's live projects among {@code ids}, in (created_at, id) order. */
    public Uni<List<ProjectRef>> projects(UUID teamId, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                "select p.id, p.name from Project p where p.teamId = :team and p.deletedAt is null and p.id in :ids "
                        + "order by p.createdAt, p.id", Object[].class)
                .setParameter("team", teamId).setParameter("ids", ids).getResultList())
                .map(rows -> rows.stream().map(r -> new ProjectRef((UUID) r[0], (String) r[1])).toList());
    }

    /** A project the domain is attached to. */
    public record ProjectRef(UUID id, String name) {
    }
}
