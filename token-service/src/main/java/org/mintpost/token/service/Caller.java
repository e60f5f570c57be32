package org.mintpost.token.service;

import java.util.Set;
import java.util.UUID;

/**
 * Who calls the Team API, as the edge's internal JWT states it: a team token or an SSO user of one
 * team, holding a set of permissions. Built by the REST layer; the domain never sees a JWT.
 *
 * @param tokenId the calling team token's id; null for SSO callers
 * @param actor   {@code team_token:<id>} or {@code sso:<subject>}, recorded on every change
 */
public record Caller(UUID teamId, String tokenId, Set<String> permissions, String actor, String clientIp) {

    public boolean holds(String permission) {
        return permissions.contains(permission);
    }
}
