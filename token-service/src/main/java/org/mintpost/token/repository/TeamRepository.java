package org.mintpost.token.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.token.model.Team;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class TeamRepository implements PanacheRepositoryBase<Team, UUID> {

    /**
     * Makes sure the caller's team has a row (a team known to the edge, e.g. from SSO, may not have one
     * yet). Idempotent and safe under concurrency.
     */
    public Uni<Void> ensureExists(UUID teamId, String name) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("insert into tokens.teams (id, name, created_at) values (:id, :name, :at) "
                        + "on conflict (id) do nothing")
                .setParameter("id", teamId)
                .setParameter("name", name)
                .setParameter("at", Instant.now())
                .executeUpdate())
                .replaceWithVoid();
    }

    /** Serializes bootstrap between instances starting at once: held until the transaction ends. */
    public Uni<Void> lockForBootstrap() {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("lock table tokens.teams in share row exclusive mode")
                .executeUpdate())
                .replaceWithVoid();
    }
}
