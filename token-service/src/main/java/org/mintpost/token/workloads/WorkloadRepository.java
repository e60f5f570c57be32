package org.mintpost.token.workloads;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class WorkloadRepository implements PanacheRepositoryBase<TrustedWorkload, UUID> {

    public Uni<List<TrustedWorkload>> ofProject(UUID projectId) {
        return find("projectId = :project order by createdAt, id", Parameters.with("project", projectId)).list();
    }

    public Uni<TrustedWorkload> findInProject(UUID projectId, UUID id) {
        return find("id = :id and projectId = :project", Parameters.with("id", id).and("project", projectId))
                .firstResult();
    }

    /** Every policy trusting this issuer for one of these audiences, oldest first, locked for the exchange. */
    public Uni<List<TrustedWorkload>> forIdentity(String issuer, List<String> audiences) {
        return find("issuer = :issuer and audience in :audiences order by createdAt, id",
                Parameters.with("issuer", issuer).and("audiences", audiences))
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /**
     * Remembers that an identity token was used; false when it was used before (on any instance: the primary key
     * decides, a concurrent twin waits for the first transaction and then finds it).
     */
    public Uni<Boolean> markUsed(String issuer, String jti, Instant expiresAt) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "insert into tokens.workload_identity_uses (issuer, jti, expires_at) values (:issuer, :jti, :expires)"
                        + " on conflict do nothing")
                .setParameter("issuer", issuer).setParameter("jti", jti).setParameter("expires", expiresAt)
                .executeUpdate())
                .map(rows -> rows == 1);
    }

    public Uni<Integer> forgetUsedBefore(Instant cutoff) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "delete from tokens.workload_identity_uses where expires_at < :cutoff")
                .setParameter("cutoff", cutoff).executeUpdate());
    }

    public Uni<List<WorkloadRefusal>> recentRefusals(UUID workloadId, int limit) {
        return Panache.getSession().chain(session -> session.createQuery(
                "from WorkloadRefusal where workloadId = :id order by at desc", WorkloadRefusal.class)
                .setParameter("id", workloadId).setMaxResults(limit).getResultList());
    }
}
