package org.mintpost.token.workloads;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.token.repository.ProjectRepository;
import org.mintpost.token.service.ChangePublisher;
import org.mintpost.token.service.Clock;
import org.mintpost.token.service.IssuedToken;
import org.mintpost.token.service.TokenIssuer;
import org.mintpost.token.workloads.ExchangeErrors.IdentityRejected;
import org.mintpost.token.workloads.ExchangeErrors.NoMatchingPolicy;
import org.mintpost.token.workloads.IdentityVerifier.Identity;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Trades a verified identity for an ordinary project token: the oldest policy whose issuer, audience and conditions
 * match mints it with {@code expires_at} = now + the policy's TTL. The identity token's {@code jti} is remembered in
 * the same transaction, so it mints at most once. The call returns after the edges' topic has the new token.
 */
@ApplicationScoped
public class ExchangeService {

    public static final String CREATED_VIA = "trusted_workload";
    static final int NAME_MAX = 100;
    static final int ACTOR_MAX = 300;

    private final WorkloadRepository workloads;
    private final ProjectRepository projects;
    private final TokenIssuer issuer;
    private final ChangePublisher publisher;

    public ExchangeService(WorkloadRepository workloads, ProjectRepository projects, TokenIssuer issuer,
            ChangePublisher publisher) {
        this.workloads = workloads;
        this.projects = projects;
        this.issuer = issuer;
        this.publisher = publisher;
    }

    /** The token minted, or a refusal (thrown after the commit, so refusals stay logged). */
    private record Outcome(IssuedToken issued, RuntimeException refusal) {
    }

    public Uni<IssuedToken> exchange(Identity identity) {
        Instant now = Clock.now();
        return Panache.withTransaction(() -> workloads.forIdentity(identity.issuer(), identity.audiences())
                .chain(policies -> decide(identity, policies, now)))
                .call(o -> o.issued() == null ? Uni.createFrom().voidItem() : publisher.publishCommitted())
                .map(o -> {
                    if (o.refusal() != null) {
                        throw o.refusal();
                    }
                    return o.issued();
                });
    }

    private Uni<Outcome> decide(Identity identity, List<TrustedWorkload> policies, Instant now) {
        List<TrustedWorkload> matching = new ArrayList<>();
        List<WorkloadRefusal> refusals = new ArrayList<>();
        for (TrustedWorkload policy : policies) {
            String mismatch = ClaimMatch.firstMismatch(policy.conditions, identity.claims());
            if (mismatch == null) {
                matching.add(policy);
            } else {
                refusals.add(refusal(policy, identity, "condition " + mismatch + " does not match", now));
            }
        }
        if (matching.isEmpty()) {
            return Panache.getSession().chain(s -> s.persistAll(refusals.toArray()))
                    .replaceWith(new Outcome(null, new NoMatchingPolicy()));
        }
        return workloads.markUsed(identity.issuer(), identity.jwtId(), identity.expiresAt()).chain(fresh -> fresh
                ? mint(matching.get(0), identity, now)
                : Uni.createFrom().item(new Outcome(null, new IdentityRejected("it was used before"))));
    }

    private Uni<Outcome> mint(TrustedWorkload policy, Identity identity, Instant now) {
        return projects.findById(policy.projectId).chain(project -> {
            if (project == null || project.deletedAt != null) {
                return Uni.createFrom().item(new Outcome(null, new NoMatchingPolicy()));
            }
            String name = name(identity);
            String actor = actor(policy, identity);
            return issuer.issue(policy.teamId, policy.projectId, project.shortTokens, name,
                    now.plusSeconds(policy.tokenTtlSeconds), policy.allowedIps, null, project.smtpEnabled, actor, now)
                    .invoke(issued -> {
                        issued.token().createdVia = CREATED_VIA;
                        issued.token().trustedWorkloadId = policy.id;
                        policy.lastUsedAt = now;
                        policy.lastSubject = cut(identity.subject(), 500);
                        Log.infof("trusted workload %s minted %s for %s (sub %s)", policy.id, issued.token().display,
                                identity.issuer(), identity.subject());
                    })
                    .map(issued -> new Outcome(issued, null));
        });
    }

    /** After the workload, e.g. {@code acme/shop@refs/heads/main}, with a short suffix (names are unique). */
    static String name(Identity identity) {
        String repository = ClaimMatch.text(identity.claims().getClaimValue("repository"));
        String path = ClaimMatch.text(identity.claims().getClaimValue("project_path"));
        String ref = ClaimMatch.text(identity.claims().getClaimValue("ref"));
        String base = repository != null ? repository : path;
        String workload = base == null ? identity.subject() : ref == null ? base : base + "@" + ref;
        String suffix = " #" + UUID.randomUUID().toString().substring(0, 8);
        return cut(workload.replaceAll("\\p{Cntrl}", ""), NAME_MAX - suffix.length()) + suffix;
    }

    /** The lifecycle entry's "by whom": the policy and the identity's iss, sub and conditions' claims. */
    static String actor(TrustedWorkload policy, Identity identity) {
        StringBuilder claims = new StringBuilder();
        for (Map.Entry<String, String> c : ClaimMatch.named(policy.conditions, identity.claims()).entrySet()) {
            if (!"sub".equals(c.getKey())) {
                claims.append(' ').append(c.getKey()).append('=').append(c.getValue());
            }
        }
        return cut(CREATED_VIA + ":" + policy.id + " (" + policy.name + ") iss=" + identity.issuer() + " sub="
                + identity.subject() + claims, ACTOR_MAX);
    }

    private static WorkloadRefusal refusal(TrustedWorkload policy, Identity identity, String reason, Instant now) {
        WorkloadRefusal r = new WorkloadRefusal();
        r.id = UUID.randomUUID();
        r.workloadId = policy.id;
        r.projectId = policy.projectId;
        r.at = now;
        r.subject = cut(identity.subject(), 500);
        r.claims = cut(ClaimMatch.named(policy.conditions, identity.claims()).toString(), 4000);
        r.reason = cut(reason, 300);
        return r;
    }

    static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
