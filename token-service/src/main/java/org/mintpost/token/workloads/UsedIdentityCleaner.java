package org.mintpost.token.workloads;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.token.service.Clock;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/** Forgets used identity tokens once they have expired (past the clock skew): they can no longer verify anyway. */
@ApplicationScoped
public class UsedIdentityCleaner {

    private final WorkloadRepository workloads;

    public UsedIdentityCleaner(WorkloadRepository workloads) {
        this.workloads = workloads;
    }

    @Scheduled(every = "60s", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> forgetExpired() {
        return Panache.withTransaction(() -> workloads.forgetUsedBefore(
                Clock.now().minusSeconds(IdentityVerifier.SKEW_SECONDS * 2L))).replaceWithVoid();
    }
}
