package org.mintpost.token.suppressions;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class SuppressionRepository implements PanacheRepositoryBase<Suppression, UUID> {

    /** A live entry of this team, locked, or null: another team's entry is as absent as a missing one. */
    public Uni<Suppression> findVisibleForUpdate(UUID teamId, UUID id) {
        return find("id = :id and teamId = :team and deletedAt is null", Parameters.with("id", id).and("team", teamId))
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** The live entries of this team and scope among {@code values}. */
    public Uni<List<Suppression>> live(UUID teamId, String scope, UUID projectId, String routeId, List<String> values) {
        StringBuilder q = new StringBuilder("teamId = :team and scope = :scope and deletedAt is null and value in :values");
        Parameters p = Parameters.with("team", teamId).and("scope", scope).and("values", values);
        q.append(projectId == null ? " and projectId is null" : " and projectId = :project");
        if (projectId != null) {
            p.and("project", projectId);
        }
        q.append(routeId == null ? " and routeId is null" : " and routeId = :route");
        if (routeId != null) {
            p.and("route", routeId);
        }
        return list(q.toString(), p);
    }

    /** One page of the team's entries as {@link SuppressionQuery} describes it. */
    public Uni<List<Suppression>> page(SuppressionQuery q, int limit) {
        return find(q.where() + " order by " + q.orderBy(), q.parameters()).range(0, limit - 1).list();
    }
}
