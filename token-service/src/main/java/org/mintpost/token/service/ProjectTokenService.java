package org.mintpost.token.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.token.model.Project;
import org.mintpost.token.model.Token;
import org.mintpost.token.repository.ProjectRepository;
import org.mintpost.token.repository.TokenRepository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Many named tokens per project: list, create, regenerate, revoke. */
@ApplicationScoped
public class ProjectTokenService {

    private final ProjectRepository projects;
    private final TokenRepository tokens;
    private final TokenIssuer issuer;
    private final ChangePublisher publisher;

    public ProjectTokenService(ProjectRepository projects, TokenRepository tokens, TokenIssuer issuer,
            ChangePublisher publisher) {
        this.projects = projects;
        this.tokens = tokens;
        this.issuer = issuer;
        this.publisher = publisher;
    }

    public Uni<List<Token>> list(Caller caller, UUID projectId) {
        return Panache.withSession(() -> project(caller, projectId, false)
                .chain(project -> tokens.listOfProject(project.id)));
    }

    /** The project's tokens (only those unused for {@code inactiveDays} when set) and its auto-revoke setting. */
    public Uni<ProjectTokens> list(Caller caller, UUID projectId, Integer inactiveDays) {
        return Panache.withSession(() -> project(caller, projectId, false)
                .chain(project -> tokens.listOfProject(project.id).map(list -> new ProjectTokens(
                        project.autoRevokeInactiveDays,
                        inactiveDays == null ? list : Inactivity.inactiveFor(list, inactiveDays, Clock.now())))));
    }

    /** Sets (or, with null, turns off) the project's {@code auto_revoke_inactive_days}. */
    public Uni<Integer> setAutoRevoke(Caller caller, UUID projectId, Integer days) {
        Instant now = Clock.now();
        return Panache.withTransaction(() -> project(caller, projectId, true)
                .invoke(project -> {
                    project.autoRevokeInactiveDays = days;
                    project.updatedAt = now;
                })
                .map(project -> project.autoRevokeInactiveDays));
    }

    public Uni<Integer> autoRevoke(Caller caller, UUID projectId) {
        return Panache.withSession(() -> project(caller, projectId, false).map(p -> p.autoRevokeInactiveDays));
    }

    /** A project's tokens with its auto-revoke setting (null: off). */
    public record ProjectTokens(Integer autoRevokeInactiveDays, List<Token> tokens) {
    }

    public Uni<IssuedToken> create(Caller caller, UUID projectId, Inputs.NewToken input) {
        Instant now = Clock.now();
        Errors errors = new Errors();
        String name = Validation.name(errors, "name", input.name(), Validation.TOKEN_NAME_MAX, true);
        Instant expiresAt = Validation.futureInstant(errors, "expires_at", input.expiresAt(), now);
        List<String> ips = Validation.allowedIps(errors, input.allowedIps());
        errors.throwIfAny();
        return Panache.withTransaction(() -> project(caller, projectId, true)
                .call(project -> tokens.findLiveProjectTokenByName(project.id, name)
                        .invoke(existing -> {
                            if (existing != null) {
                                throw nameTaken();
                            }
                        }))
                .chain(project -> issuer.issue(project.teamId, project.id, project.shortTokens, name, expiresAt, ips,
                        null, project.smtpEnabled, caller.actor(), now)))
                .call(publisher::publishCommitted);
    }

    public Uni<IssuedToken> regenerate(Caller caller, UUID projectId, UUID tokenId, Long expirePreviousIn) {
        Errors errors = new Errors();
        Long grace = Validation.graceSeconds(errors, expirePreviousIn);
        errors.throwIfAny();
        Instant now = Clock.now();
        return Panache.withTransaction(() -> project(caller, projectId, false)
                .chain(project -> tokens.findProjectTokenForUpdate(project.id, tokenId)
                        .onItem().ifNull().failWith(() -> new NotFound("Token"))
                        .chain(token -> {
                            if (!Token.ACTIVE.equals(token.effectiveStatus(now))) {
                                throw ValidationFailed.of("token", "The token is " + token.effectiveStatus(now)
                                        + " and cannot be regenerated.");
                            }
                            return issuer.regenerate(token, grace, project.smtpEnabled, caller.actor(), now);
                        })))
                .call(publisher::publishCommitted);
    }

    /** Revokes the token; revoking a revoked token changes nothing and returns it as it is. */
    public Uni<Token> revoke(Caller caller, UUID projectId, UUID tokenId) {
        Instant now = Clock.now();
        return Panache.withTransaction(() -> project(caller, projectId, false)
                .chain(project -> tokens.findProjectTokenForUpdate(project.id, tokenId)
                        .onItem().ifNull().failWith(() -> new NotFound("Token"))
                        .chain(token -> Token.REVOKED.equals(token.status) ? Uni.createFrom().item(token)
                                : issuer.revoke(token, project.smtpEnabled, TokenChanged.CHANGE_REVOKED,
                                        caller.actor(), now))))
                .call(publisher::publishCommitted);
    }

    private Uni<Project> project(Caller caller, UUID projectId, boolean lock) {
        Uni<Project> found = lock ? projects.findVisibleForUpdate(caller.teamId(), projectId)
                : projects.findVisible(caller.teamId(), projectId);
        return found.onItem().ifNull().failWith(() -> new NotFound("Project"));
    }

    static ValidationFailed nameTaken() {
        return ValidationFailed.of("name", "The name has already been taken.");
    }
}
