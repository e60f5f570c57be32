package org.mintpost.contracts.event;

import java.time.Instant;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The full current state of one route after a change (topic {@code route-changes}, key route id,
 * compacted). Published by token-service, the routes' owner; read by every context that needs to
 * know a project's routes without asking (the edge resolves {@code route} slugs, the worker applies
 * route settings, webhook-service scopes webhooks). A consumer keeps the record with the highest
 * {@code revision} per route.
 *
 * @param change    {@code created}, {@code updated} or {@code deleted} (the route, or its whole project)
 * @param routeType {@code transactional}, {@code broadcast} or {@code inbound}
 * @param status    {@code active} or {@code deleted}
 * @param settings  the route's settings as the SDK's {@code RouteData.settings} names them
 * @param revision  strictly increasing per route
 * @param actor     who made the change, e.g. {@code team_token:<id>}, {@code sso:<subject>}, {@code system}
 * @param project   the settings of the route's project that govern its messages (every route of a project is
 *                  published again when they change); null from a publisher that predates them: live, not redacted
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RouteChanged(
        String eventId,
        Instant occurredAt,
        int schemaVersion,
        String change,
        String routeId,
        String teamId,
        String projectId,
        String slug,
        String name,
        String routeType,
        boolean isDefault,
        Settings settings,
        String status,
        long revision,
        String actor,
        ProjectSettings project) {

    public static final int SCHEMA_VERSION = 1;

    /** The state without the project's settings, as published before they existed. */
    public RouteChanged(String eventId, Instant occurredAt, int schemaVersion, String change, String routeId,
            String teamId, String projectId, String slug, String name, String routeType, boolean isDefault,
            Settings settings, String status, long revision, String actor) {
        this(eventId, occurredAt, schemaVersion, change, routeId, teamId, projectId, slug, name, routeType, isDefault,
                settings, status, revision, actor, null);
    }

    /** This route's messages are sandbox messages (its project's {@code delivery_mode}). */
    public boolean sandbox() {
        return project != null && SendJob.SANDBOX.equals(project.deliveryMode());
    }

    /** This route's messages are never stored: the route's or its project's {@code redact_email_content}. */
    public boolean redacted() {
        return Boolean.TRUE.equals(settings == null ? null : settings.redactEmailContent())
                || project != null && project.redactEmailContent();
    }

    /**
     * The project-level settings a route's messages follow.
     *
     * @param deliveryMode        the project's {@code delivery_mode}: {@code live} or {@code sandbox}
     * @param redactEmailContent  the project's {@code redact_email_content}
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ProjectSettings(String deliveryMode, boolean redactEmailContent) {
    }

    public static final String STATUS_ACTIVE = "active";
    public static final String STATUS_DELETED = "deleted";

    public static final String CHANGE_CREATED = "created";
    public static final String CHANGE_UPDATED = "updated";
    public static final String CHANGE_DELETED = "deleted";

    public static final String TYPE_TRANSACTIONAL = "transactional";
    public static final String TYPE_BROADCAST = "broadcast";
    public static final String TYPE_INBOUND = "inbound";

    /** A route's settings; null means the platform's default ({@code tls}: {@code opportunistic}). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Settings(
            Boolean trackOpens,
            Boolean trackClicks,
            Boolean generatePlaintextFallback,
            Boolean disableHostedUnsubscribe,
            Boolean suppressAutoResponders,
            Boolean suppressDisposableRecipients,
            String tls,
            Boolean redactEmailContent) {
    }
}
