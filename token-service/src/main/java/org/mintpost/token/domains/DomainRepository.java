package org.mintpost.token.domains;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class DomainRepository implements PanacheRepositoryBase<Domain, UUID> {

    private static final String VISIBLE = "id = :id and teamId = :team and deletedAt is null";

    /** How many live domains of this team each of these projects may send from (ProjectData.domains_count). */
    public Uni<Map<UUID, Long>> countsByProject(UUID teamId, Collection<UUID> projectIds) {
        if (projectIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return list("teamId = ?1 and deletedAt is null", teamId).map(domains -> {
            Map<UUID, Long> counts = new HashMap<>();
            for (Domain d : domains) {
                d.projectIds.stream().filter(projectIds::contains).forEach(p -> counts.merge(p, 1L, Long::sum));
            }
            return counts;
        });
    }

    /** A live domain of this team, or null: another team's domain is as absent as a missing one. */
    public Uni<Domain> findVisible(UUID teamId, UUID id) {
        return find(VISIBLE, Parameters.with("id", id).and("team", teamId)).firstResult();
    }

    public Uni<Domain> findVisibleForUpdate(UUID teamId, UUID id) {
        return find(VISIBLE, Parameters.with("id", id).and("team", teamId))
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    public Uni<Domain> findLiveForUpdate(UUID id) {
        return find("id = :id and deletedAt is null", Parameters.with("id", id))
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** The live domain of that name, whichever team holds it, or null. */
    public Uni<Domain> findByName(String domain) {
        return find("domain = :domain and deletedAt is null", Parameters.with("domain", domain)).firstResult();
    }

    /** Ids of live domains whose scheduled check is due, oldest due first. */
    public Uni<List<UUID>> due(Instant now, int limit) {
        return find("deletedAt is null and nextCheckAt <= :now order by nextCheckAt", Parameters.with("now", now))
                .project(IdOnly.class).range(0, limit - 1).list()
                .map(rows -> rows.stream().map(IdOnly::id).toList());
    }

    /** One page of the team's domains as {@link DomainQuery} describes it. */
    public Uni<List<Domain>> page(DomainQuery q, int limit) {
        return find(q.where() + " order by " + q.orderBy(), q.parameters()).range(0, limit - 1).list();
    }

    /** The projection of {@link #due}. */
    public record IdOnly(UUID id) {
    }
}
