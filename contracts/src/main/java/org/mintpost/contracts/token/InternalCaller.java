package org.mintpost.contracts.token;

import java.util.function.Function;

import jakarta.json.JsonString;

/**
 * Who asks, as the edge's internal JWT states it, for a service that needs only the caller's reach
 * (audit-service, webhook-service).
 *
 * @param teamId       the caller's team; everything outside it is "not found"
 * @param projectScope set when the caller may only see one project (a project token), else null
 */
public record InternalCaller(String teamId, String projectScope) {

    /** The caller a verified JWT's claims state: {@code InternalCaller.of(jwt::getClaim)}. */
    public static InternalCaller of(Function<String, Object> claims) {
        return new InternalCaller(text(claims.apply(InternalClaims.TEAM_ID)),
                text(claims.apply(InternalClaims.PROJECT_ID)));
    }

    public boolean sees(String resourceTeamId, String resourceProjectId) {
        if (teamId == null || !teamId.equals(resourceTeamId)) {
            return false;
        }
        return projectScope == null || projectScope.equals(resourceProjectId);
    }

    /** A claim's text (a JSON string without its quotes); null when absent or blank. */
    static String text(Object value) {
        if (value == null) {
            return null;
        }
        String text = value instanceof JsonString json ? json.getString() : value.toString();
        return text.isBlank() ? null : text;
    }
}
