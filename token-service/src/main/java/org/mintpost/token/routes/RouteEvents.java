package org.mintpost.token.routes;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.RouteChanged;
import org.mintpost.token.model.Project;
import org.mintpost.token.repository.ProjectRepository;
import org.mintpost.token.service.Outbox;

import io.smallrye.mutiny.Uni;

/**
 * Records a route change: bumps the route's revision and writes its full state ({@link RouteChanged}) to the
 * outbox for {@code route-changes}, in the caller's transaction. The state carries the project's settings its
 * messages follow ({@code delivery_mode}, {@code redact_email_content}), read in the same session.
 */
@ApplicationScoped
public class RouteEvents {

    private final Outbox outbox;
    private final ProjectRepository projects;

    public RouteEvents(Outbox outbox, ProjectRepository projects) {
        this.outbox = outbox;
        this.projects = projects;
    }

    public Uni<Void> record(Route route, String change, String actor, Instant now) {
        route.changed(actor, now);
        return projects.findById(route.projectId).chain(project -> outbox.write(Topics.ROUTE_CHANGES, route.id,
                route.revision, change, state(route, project, change), now));
    }

    static RouteChanged state(Route r, Project project, String change) {
        boolean deleted = r.deletedAt != null;
        RouteChanged.Settings settings = new RouteChanged.Settings(r.trackOpens, r.trackClicks,
                r.generatePlaintextFallback, r.disableHostedUnsubscribe, r.suppressAutoResponders,
                r.suppressDisposableRecipients, r.tls, r.redactEmailContent);
        return new RouteChanged(UUID.randomUUID().toString(), r.updatedAt, RouteChanged.SCHEMA_VERSION, change,
                r.id.toString(), r.teamId.toString(), r.projectId.toString(), r.slug, r.name, r.routeType,
                r.isDefault && !deleted, settings, deleted ? RouteChanged.STATUS_DELETED : RouteChanged.STATUS_ACTIVE,
                r.revision, r.lastActor, project == null ? null
                        : new RouteChanged.ProjectSettings(project.deliveryMode, project.redactEmailContent));
    }
}
