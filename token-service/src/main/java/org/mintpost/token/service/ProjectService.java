package org.mintpost.token.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.token.model.Project;
import org.mintpost.token.model.Token;
import org.mintpost.token.repository.ProjectRepository;
import org.mintpost.token.repository.TeamRepository;
import org.mintpost.token.repository.TokenRepository;
import org.mintpost.token.domains.DomainRepository;
import org.mintpost.token.routes.ProjectRoutes;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Projects of the caller's team (the official SDK's {@code projects} surface). A project of another
 * team is reported as not found. Every change that touches tokens is published before returning.
 */
@ApplicationScoped
public class ProjectService {

    public static final String DEFAULT_TOKEN_NAME = "Default";
    public static final int DEFAULT_PER_PAGE = 30;
    public static final int MAX_PER_PAGE = 100;

    private final ProjectRepository projects;
    private final TokenRepository tokens;
    private final TeamRepository teams;
    private final TokenIssuer issuer;
    private final ChangePublisher publisher;
    private final ProjectRoutes routes;
    private final DomainRepository domains;

    public ProjectService(ProjectRepository projects, TokenRepository tokens, TeamRepository teams,
            TokenIssuer issuer, ChangePublisher publisher, ProjectRoutes routes, DomainRepository domains) {
        this.routes = routes;
        this.domains = domains;
        this.projects = projects;
        this.tokens = tokens;
        this.teams = teams;
        this.issuer = issuer;
        this.publisher = publisher;
    }

    public Uni<ProjectPage> list(Caller caller, String cursor, int perPage) {
        PageCursor position = cursor == null || cursor.isEmpty() ? null : PageCursor.decode(cursor);
        boolean forward = position == null || position.forward();
        return Panache.withSession(() -> projects.page(caller.teamId(),
                position == null ? null : position.createdAt(), position == null ? null : position.id(),
                forward, perPage + 1))
                .map(rows -> {
                    boolean more = rows.size() > perPage;
                    List<Project> items = new ArrayList<>(more ? rows.subList(0, perPage) : rows);
                    if (!forward) {
                        Collections.reverse(items);
                    }
                    String next = null;
                    String prev = null;
                    if (!items.isEmpty()) {
                        Project first = items.get(0);
                        Project last = items.get(items.size() - 1);
                        boolean hasNext = forward ? more : true;
                        boolean hasPrev = forward ? position != null : more;
                        next = hasNext ? new PageCursor(last.createdAt, last.id, true).encode() : null;
                        prev = hasPrev ? new PageCursor(first.createdAt, first.id, false).encode() : null;
                    }
                    return new ProjectPage(List.copyOf(items), perPage, next, prev, Map.of(), Map.of());
                })
                .chain(page -> {
                    List<UUID> ids = page.items().stream().map(p -> p.id).toList();
                    return Panache.withSession(() -> routes.counts(ids)
                            .chain(routeCounts -> domains.countsByProject(caller.teamId(), ids)
                                    .map(domainCounts -> new ProjectPage(page.items(), page.perPage(),
                                            page.nextCursor(), page.prevCursor(), routeCounts, domainCounts))));
                });
    }

    public Uni<CreatedProject> create(Caller caller, Inputs.NewProject input) {
        Errors errors = new Errors();
        String name = Validation.name(errors, "name", input.name(), Validation.PROJECT_NAME_MAX, true);
        String initialRoutes = ProjectRoutes.initial(errors, input.initialRoutes());
        String mode = Validation.deliveryMode(errors, input.deliveryMode());
        errors.throwIfAny();
        Instant now = Clock.now();
        Project project = new Project();
        project.id = UUID.randomUUID();
        project.teamId = caller.teamId();
        project.name = name;
        project.smtpEnabled = Boolean.TRUE.equals(input.smtpEnabled());
        project.redactEmailContent = false;
        project.deliveryMode = mode == null ? "live" : mode;
        project.shortTokens = Boolean.TRUE.equals(input.shortToken());
        project.createdAt = now;
        project.updatedAt = now;
        return Panache.withTransaction(() -> teams.ensureExists(caller.teamId(), "Team " + caller.teamId())
                .chain(() -> projects.persist(project))
                .chain(p -> routes.createInitial(p.teamId, p.id, initialRoutes, caller.actor(), now))
                .chain(made -> issuer.issue(project.teamId, project.id, project.shortTokens, DEFAULT_TOKEN_NAME, null,
                        List.of(), null, project.smtpEnabled, caller.actor(), now)
                        .map(issued -> new CreatedProject(new ProjectView(project, now, null, null, made, 0), issued))))
                .call(publisher::publishCommitted);
    }

    public Uni<ProjectView> get(Caller caller, UUID projectId) {
        return Panache.withSession(() -> visible(caller, projectId).chain(this::view));
    }

    public Uni<ProjectView> update(Caller caller, UUID projectId, Inputs.ProjectChanges changes) {
        Errors errors = new Errors();
        String name = Validation.name(errors, "name", changes.name(), Validation.PROJECT_NAME_MAX, false);
        String mode = Validation.deliveryMode(errors, changes.deliveryMode());
        errors.throwIfAny();
        Instant now = Clock.now();
        return Panache.withTransaction(() -> projects.findVisibleForUpdate(caller.teamId(), projectId)
                .onItem().ifNull().failWith(() -> new NotFound("Project"))
                .chain(project -> {
                    boolean smtpChanged = changes.smtpEnabled() != null
                            && changes.smtpEnabled() != project.smtpEnabled;
                    boolean messagesChanged = mode != null && !mode.equals(project.deliveryMode)
                            || changes.redactEmailContent() != null
                            && changes.redactEmailContent() != project.redactEmailContent;
                    if (mode != null) {
                        project.deliveryMode = mode;
                    }
                    if (name != null) {
                        project.name = name;
                    }
                    if (changes.smtpEnabled() != null) {
                        project.smtpEnabled = changes.smtpEnabled();
                    }
                    if (changes.redactEmailContent() != null) {
                        project.redactEmailContent = changes.redactEmailContent();
                    }
                    project.updatedAt = now;
                    Uni<Void> defaultRoute = changes.defaultRouteId() == null ? Uni.createFrom().voidItem()
                            : routes.makeDefault(project.id, changes.defaultRouteId(), caller.actor(), now);
                    // delivery_mode and redact_email_content travel on every route of the project
                    Uni<Void> route = !messagesChanged ? defaultRoute
                            : defaultRoute.chain(() -> routes.republish(project.id, caller.actor(), now));
                    if (!smtpChanged) {
                        return route.replaceWith(project);
                    }
                    // the SMTP switch travels on every token of the project: publish them all again
                    return route.chain(() -> tokens.listOfProjectForUpdate(project.id))
                            .chain(list -> Multi.createFrom().iterable(list)
                                    .filter(t -> !Token.REVOKED.equals(t.status))
                                    .onItem().transformToUniAndConcatenate(
                                            t -> issuer.touch(t, project.smtpEnabled, caller.actor(), now))
                                    .collect().asList())
                            .replaceWith(project);
                }))
                .call(publisher::publishCommitted)
                .chain(project -> Panache.withSession(() -> view(project)));
    }

    /** Deletes the project and revokes every token it has (each published as {@code deleted}). */
    public Uni<Void> delete(Caller caller, UUID projectId) {
        Instant now = Clock.now();
        return Panache.withTransaction(() -> projects.findVisibleForUpdate(caller.teamId(), projectId)
                .onItem().ifNull().failWith(() -> new NotFound("Project"))
                .chain(project -> {
                    project.deletedAt = now;
                    project.updatedAt = now;
                    return routes.deleteAll(project.id, caller.actor(), now)
                            .chain(() -> tokens.listOfProjectForUpdate(project.id))
                            .chain(list -> Multi.createFrom().iterable(list)
                                    .onItem().transformToUniAndConcatenate(t -> issuer.revoke(t,
                                            project.smtpEnabled, TokenChanged.CHANGE_DELETED, caller.actor(), now))
                                    .collect().asList());
                }))
                .call(publisher::publishCommitted)
                .replaceWithVoid();
    }

    /** Regenerates the project's {@code Default} token (creates it again if it was revoked). */
    public Uni<CreatedProject> rotateDefaultToken(Caller caller, UUID projectId) {
        Instant now = Clock.now();
        return Panache.withTransaction(() -> projects.findVisibleForUpdate(caller.teamId(), projectId)
                .onItem().ifNull().failWith(() -> new NotFound("Project"))
                .chain(project -> tokens.findLiveProjectTokenByName(project.id, DEFAULT_TOKEN_NAME)
                        .chain(existing -> existing == null
                                ? issuer.issue(project.teamId, project.id, project.shortTokens, DEFAULT_TOKEN_NAME,
                                        null, List.of(), null, project.smtpEnabled, caller.actor(), now)
                                : tokens.findProjectTokenForUpdate(project.id, existing.id)
                                        .chain(t -> issuer.regenerate(t, null, project.smtpEnabled,
                                                caller.actor(), now)))
                        .map(issued -> new CreatedProject(new ProjectView(project, null, null, null, List.of(), 0),
                                issued))))
                .call(publisher::publishCommitted)
                .chain(created -> Panache.withSession(() -> view(created.view().project()))
                        .map(view -> new CreatedProject(view, created.token())));
    }

    Uni<Project> visible(Caller caller, UUID projectId) {
        return projects.findVisible(caller.teamId(), projectId)
                .onItem().ifNull().failWith(() -> new NotFound("Project"));
    }

    private Uni<ProjectView> view(Project project) {
        return tokens.lastGeneratedAt(project.id)
                .chain(generated -> tokens.mostRecentlyUsed(project.id)
                        .chain(used -> routes.of(project.id).chain(list -> domains
                                .countsByProject(project.teamId, List.of(project.id))
                                .map(counts -> new ProjectView(project, generated,
                                        used == null ? null : used.lastUsedAt, used == null ? null : used.lastUsedIp,
                                        list, counts.getOrDefault(project.id, 0L).intValue())))));
    }
}
