package org.mintpost.audit.service;

/**
 * Who asks, as the internal JWT of the edge states it.
 *
 * @param teamId       the caller's team; everything outside it is "not found"
 * @param projectScope set when the caller may only see one project (a project token), else null
 */
public record Caller(String teamId, String projectScope) {

    public boolean sees(String resourceTeamId, String resourceProjectId) {
        if (teamId == null || !teamId.equals(resourceTeamId)) {
            return false;
        }
        return projectScope == null || projectScope.equals(resourceProjectId);
    }
}
