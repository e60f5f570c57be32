package org.mintpost.gateway.service;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.TokenChanged;

/**
 * The in-memory map {@code sha256(token) -> grant}, fed by {@code token-changes} (and by cache-miss
 * lookups). The highest revision per token wins; a regenerated-away hash keeps pointing at its token
 * so that it is refused as revoked without asking anyone.
 */
@ApplicationScoped
public class TokenMap {

    /** What the map says about one hash. */
    public enum State { VALID, DEAD, MISS }

    public record Match(State state, Grant grant) {
    }

    private final Map<String, Grant> byId = new ConcurrentHashMap<>();
    private final Map<String, String> idByHash = new ConcurrentHashMap<>();
    /** Each project's team, as its tokens tell (a bounce on the relay ties a return path's project to its team). */
    private final Map<String, String> teamByProject = new ConcurrentHashMap<>();

    /** Applies one token state; older revisions than the one held are ignored. Returns true if applied. */
    public synchronized boolean apply(TokenChanged change) {
        if (change == null || change.tokenId() == null) {
            return false;
        }
        Grant current = byId.get(change.tokenId());
        if (current != null && current.revision() >= change.revision()) {
            return false;
        }
        Grant next = Grant.of(change);
        byId.put(next.tokenId(), next);
        if (change.projectId() != null && change.teamId() != null) {
            teamByProject.put(change.projectId(), change.teamId());
        }
        if (next.tokenHash() != null) {
            idByHash.put(next.tokenHash(), next.tokenId());
        }
        if (next.previousHash() != null) {
            idByHash.put(next.previousHash(), next.tokenId());
        }
        // hashes of earlier revisions stay mapped to the token: they now resolve as DEAD
        if (current != null && current.tokenHash() != null) {
            idByHash.putIfAbsent(current.tokenHash(), current.tokenId());
        }
        return true;
    }

    /** A tombstone: the token is gone from the topic. */
    public synchronized void remove(String tokenId) {
        Grant gone = byId.remove(tokenId);
        if (gone != null) {
            idByHash.values().removeIf(tokenId::equals);
        }
    }

    public Match find(String hash, Instant now) {
        String id = idByHash.get(hash);
        if (id == null) {
            return new Match(State.MISS, null);
        }
        Grant grant = byId.get(id);
        if (grant == null) {
            return new Match(State.MISS, null);
        }
        if (hash.equals(grant.tokenHash())) {
            return new Match(State.VALID, grant);
        }
        if (hash.equals(grant.previousHash()) && grant.previousValidUntil() != null
                && now.isBefore(grant.previousValidUntil())) {
            return new Match(State.VALID, grant);
        }
        return new Match(State.DEAD, grant);
    }

    /** The team of a project any token of which the map has seen. */
    public Optional<String> teamOf(String projectId) {
        return Optional.ofNullable(projectId == null ? null : teamByProject.get(projectId));
    }

    public int size() {
        return byId.size();
    }
}
