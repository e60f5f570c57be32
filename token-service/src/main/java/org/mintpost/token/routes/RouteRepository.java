package org.mintpost.token.routes;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class RouteRepository implements PanacheRepositoryBase<Route, UUID> {

    private static final String VISIBLE = "id = :id and teamId = :team and deletedAt is null";

    /** A live route of this team, or null: another team's route is as absent as a missing one. */
    public Uni<Route> findVisible(UUID teamId, UUID id) {
        return find(VISIBLE, Parameters.with("id", id).and("team", teamId)).firstResult();
    }

    public Uni<Route> findVisibleForUpdate(UUID teamId, UUID id) {
        return find(VISIBLE, Parameters.with("id", id).and("team", teamId))
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** The project's live routes, oldest first. */
    public Uni<List<Route>> ofProject(UUID projectId) {
        return find("projectId = :project and deletedAt is null order by createdAt, id",
                Parameters.with("project", projectId)).list();
    }

    public Uni<List<Route>> ofProjectForUpdate(UUID projectId) {
        return find("projectId = :project and deletedAt is null order by createdAt, id",
                Parameters.with("project", projectId)).withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /** Live routes per project among {@code projectIds}. */
    public Uni<Map<UUID, Long>> counts(Collection<UUID> projectIds) {
        if (projectIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return find("projectId in :ids and deletedAt is null", Parameters.with("ids", projectIds)).list()
                .map(rows -> rows.stream().collect(Collectors.groupingBy(r -> r.projectId, Collectors.counting())));
    }
}
