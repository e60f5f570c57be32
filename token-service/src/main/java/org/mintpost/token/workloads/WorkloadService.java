package org.mintpost.token.workloads;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.token.model.Project;
import org.mintpost.token.repository.ProjectRepository;
import org.mintpost.token.service.Caller;
import org.mintpost.token.service.Clock;
import org.mintpost.token.service.NotFound;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** A project's trust policies: list, create, show, delete. Tokens already minted live on (revocable as any). */
@ApplicationScoped
public class WorkloadService {

    static final int REFUSALS_SHOWN = 20;

    private final ProjectRepository projects;
    private final WorkloadRepository workloads;
    private final PolicyRules rules;

    public WorkloadService(ProjectRepository projects, WorkloadRepository workloads, PolicyRules rules) {
        this.projects = projects;
        this.workloads = workloads;
        this.rules = rules;
    }

    public Uni<List<TrustedWorkload>> list(Caller caller, UUID projectId) {
        return Panache.withSession(() -> project(caller, projectId).chain(p -> workloads.ofProject(p.id)));
    }

    /** The policy with its latest refusals. */
    public Uni<Shown> show(Caller caller, UUID projectId, UUID workloadId) {
        return Panache.withSession(() -> project(caller, projectId)
                .chain(p -> workloads.findInProject(p.id, workloadId))
                .onItem().ifNull().failWith(() -> new NotFound("Trusted workload"))
                .chain(w -> workloads.recentRefusals(w.id, REFUSALS_SHOWN).map(r -> new Shown(w, r))));
    }

    public record Shown(TrustedWorkload workload, List<WorkloadRefusal> refusals) {
    }

    public Uni<TrustedWorkload> create(Caller caller, UUID projectId, PolicyRules.NewPolicy input) {
        PolicyRules.ValidPolicy valid = rules.check(input);
        Instant now = Clock.now();
        return Panache.withTransaction(() -> project(caller, projectId).chain(p -> {
            TrustedWorkload w = new TrustedWorkload();
            w.id = UUID.randomUUID();
            w.teamId = p.teamId;
            w.projectId = p.id;
            w.name = valid.name();
            w.issuer = valid.issuer();
            w.audience = valid.audience();
            w.conditions = valid.conditions();
            w.tokenTtlSeconds = valid.tokenTtlSeconds();
            w.allowedIps = valid.allowedIps();
            w.createdAt = now;
            w.updatedAt = now;
            return workloads.persist(w);
        }));
    }

    /** Deletes the policy: no new tokens from it; those it minted stay until they expire or are revoked. */
    public Uni<TrustedWorkload> delete(Caller caller, UUID projectId, UUID workloadId) {
        return Panache.withTransaction(() -> project(caller, projectId)
                .chain(p -> workloads.findInProject(p.id, workloadId))
                .onItem().ifNull().failWith(() -> new NotFound("Trusted workload"))
                .call(workloads::delete));
    }

    private Uni<Project> project(Caller caller, UUID projectId) {
        return projects.findVisible(caller.teamId(), projectId).onItem().ifNull()
                .failWith(() -> new NotFound("Project"));
    }
}
