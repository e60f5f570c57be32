package org.mintpost.token.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.mintpost.token.model.Project;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ProjectRepository implements PanacheRepositoryBase<Project, UUID> {

    /** A live project of this team, or null: another team's project is as absent as a missing one. */
    public Uni<Project> findVisible(UUID teamId, UUID projectId) {
        return find("id = :id and teamId = :team and deletedAt is null",
                Parameters.with("id", projectId).and("team", teamId))
                .firstResult();
    }

    public Uni<Project> findVisibleForUpdate(UUID teamId, UUID projectId) {
        return find("id = :id and teamId = :team and deletedAt is null",
                Parameters.with("id", projectId).and("team", teamId))
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }

    /** Up to {@code limit} projects after (or before) the key (createdAt, id) in (createdAt, id) order. */
    public Uni<List<Project>> page(UUID teamId, Instant afterAt, UUID afterId, boolean forward, int limit) {
        String order = forward ? "createdAt asc, id asc" : "createdAt desc, id desc";
        if (afterAt == null) {
            return find("teamId = :team and deletedAt is null order by " + order,
                    Parameters.with("team", teamId))
                    .range(0, limit - 1).list();
        }
        String cmp = forward ? ">" : "<";
        return find("teamId = :team and deletedAt is null and (createdAt " + cmp + " :at or (createdAt = :at and id "
                + cmp + " :id)) order by " + order,
                Parameters.with("team", teamId).and("at", afterAt).and("id", afterId))
                .range(0, limit - 1).list();
    }
}
