package org.mintpost.webhook.service;

/**
 * Who asks, as the edge's internal JWT states it.
 *
 * @param teamId       the caller's team; everything outside it is "not found"
 * @param projectScope set when the caller may only see one project, else null
 */
public record Caller(String teamId, String projectScope) {

    public boolean sees(String resourceTeamId, String resourceProjectId) {
        if (teamId == null || !teamId.equals(resourceTeamId)) {
            return false;
        }
        return projectScope == null || projectScope.equals(resourceProjectId);
    }
}
