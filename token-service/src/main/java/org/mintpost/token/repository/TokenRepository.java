package org.mintpost.token.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.mintpost.token.model.Token;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class TokenRepository implements PanacheRepositoryBase<Token, UUID> {

    public Uni<List<Token>> listOfProject(UUID projectId) {
        return find("projectId = ?1 and kind = 'project' order by createdAt, id", projectId).list();
    }

    public Uni<List<Token>> listOfProjectForUpdate(UUID projectId) {
        return find("projectId = ?1 and kind = 'project' order by createdAt, id", projectId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    public Uni<List<Token>> listTeamTokens(UUID teamId) {
        return find("teamId = ?1 and kind = 'team' order by createdAt, id", teamId).list();
    }

    public Uni<Token> findProjectTokenForUpdate(UUID projectId, UUID tokenId) {
        return find("id = ?1 and projectId = ?2 and kind = 'project'", tokenId, projectId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    public Uni<Token> findTeamTokenForUpdate(UUID teamId, UUID tokenId) {
        return find("id = ?1 and teamId = ?2 and kind = 'team'", tokenId, teamId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** The live (not revoked) project token with this name, case-insensitively, if any. */
    public Uni<Token> findLiveProjectTokenByName(UUID projectId, String name) {
        return find("projectId = :p and kind = 'project' and status <> 'revoked' and lower(name) = lower(:n)",
                Parameters.with("p", projectId).and("n", name))
                .firstResult();
    }

    public Uni<Token> findLiveTeamTokenByName(UUID teamId, String name) {
        return find("teamId = :t and kind = 'team' and status <> 'revoked' and lower(name) = lower(:n)",
                Parameters.with("t", teamId).and("n", name))
                .firstResult();
    }

    /** The token whose current hash is this one, or whose previous hash is and is still in its grace. */
    public Uni<Token> findByHash(String hash, Instant now) {
        return find("tokenHash = :h or (previousHash = :h and previousValidUntil > :now)",
                Parameters.with("h", hash).and("now", now))
                .firstResult();
    }

    /** Tokens whose current hash, or in-grace previous hash, is one of these; locked. */
    public Uni<List<Token>> findByHashesForUpdate(List<String> hashes, Instant now) {
        return find("tokenHash in :h or (previousHash in :h and previousValidUntil > :now) order by id",
                Parameters.with("h", hashes).and("now", now))
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /** When the project's most recent token secret was generated. */
    public Uni<Instant> lastGeneratedAt(UUID projectId) {
        return getSession().chain(s -> s.createSelectionQuery(
                "select max(t.generatedAt) from Token t where t.projectId = :p and t.kind = 'project'", Instant.class)
                .setParameter("p", projectId)
                .getSingleResultOrNull());
    }

    /** The project's most recently used token, or null when none was used yet. */
    public Uni<Token> mostRecentlyUsed(UUID projectId) {
        return find("projectId = ?1 and kind = 'project' and lastUsedAt is not null order by lastUsedAt desc",
                projectId).firstResult();
    }

    /** Active tokens whose {@code expires_at} has passed, locked, oldest first. */
    public Uni<List<Token>> dueToExpire(Instant now, int limit) {
        return find("status = 'active' and expiresAt <= ?1 order by expiresAt", now)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .range(0, limit - 1).list();
    }

    public Uni<Long> countTeams() {
        return getSession().chain(s -> s.createSelectionQuery("select count(t) from Team t", Long.class)
                .getSingleResult());
    }
}
