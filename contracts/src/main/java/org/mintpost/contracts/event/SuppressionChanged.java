package org.mintpost.contracts.event;

import java.time.Instant;
import java.util.Locale;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The full current state of one suppression-list entry after a change (topic {@code suppression-changes}, key
 * suppression id, compacted). Published by token-service, the list's owner; every dispatch worker keeps the live
 * entries in memory and never opens an SMTP transaction for a recipient one of them matches. A consumer keeps the
 * record with the highest {@code revision} per id; {@code deleted} removes the entry.
 *
 * @param change    {@code created} or {@code deleted}
 * @param scope     {@code team} (every project of the team), {@code project} ({@code projectId}) or {@code route}
 *                  ({@code routeId})
 * @param type      {@code email} (that address, case-insensitive), {@code domain} (every address whose domain is
 *                  {@code value}) or {@code extension} (every address whose domain ends with {@code value}, a
 *                  top-level extension such as {@code .example})
 * @param value     lower case: the address, the domain, or the extension with its leading dot
 * @param reason    {@code hard_bounce}, {@code spam_complaint}, {@code unsubscribe} or {@code manual}
 * @param revision  strictly increasing per entry
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SuppressionChanged(
        String eventId,
        Instant occurredAt,
        int schemaVersion,
        String change,
        String suppressionId,
        String teamId,
        String scope,
        String projectId,
        String routeId,
        String type,
        String value,
        String reason,
        String sourceMessageId,
        long revision,
        String actor) {

    public static final int SCHEMA_VERSION = 1;

    public static final String CHANGE_CREATED = "created";
    public static final String CHANGE_DELETED = "deleted";

    public static final String SCOPE_TEAM = "team";
    public static final String SCOPE_PROJECT = "project";
    public static final String SCOPE_ROUTE = "route";

    public static final String TYPE_EMAIL = "email";
    public static final String TYPE_DOMAIN = "domain";
    public static final String TYPE_EXTENSION = "extension";

    public static final String REASON_HARD_BOUNCE = "hard_bounce";
    public static final String REASON_SPAM_COMPLAINT = "spam_complaint";
    public static final String REASON_UNSUBSCRIBE = "unsubscribe";
    public static final String REASON_MANUAL = "manual";

    public boolean isDeleted() {
        return CHANGE_DELETED.equals(change);
    }

    /**
     * Whether this entry keeps mail of that team, project and route from {@code recipient} (a bare address).
     * Scope first, then the value by type.
     */
    public boolean matches(String team, String project, String route, String recipient) {
        if (isDeleted() || teamId == null || !teamId.equals(team) || recipient == null || value == null) {
            return false;
        }
        boolean inScope = switch (scope == null ? "" : scope) {
            case SCOPE_TEAM -> true;
            case SCOPE_PROJECT -> projectId != null && projectId.equals(project);
            case SCOPE_ROUTE -> routeId != null && routeId.equals(route);
            default -> false;
        };
        if (!inScope) {
            return false;
        }
        String address = recipient.toLowerCase(Locale.ROOT);
        String domain = address.substring(address.lastIndexOf('@') + 1);
        return switch (type == null ? "" : type) {
            case TYPE_EMAIL -> value.equals(address);
            case TYPE_DOMAIN -> value.equals(domain);
            case TYPE_EXTENSION -> domain.endsWith(value);
            default -> false;
        };
    }
}
