package org.mintpost.token.inactive;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.token.leaks.LeaksConfig;
import org.mintpost.token.model.Project;
import org.mintpost.token.model.Token;
import org.mintpost.token.repository.ProjectRepository;
import org.mintpost.token.service.ChangePublisher;
import org.mintpost.token.service.Clock;
import org.mintpost.token.service.TokenIssuer;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The auto-revoke job: revokes active project tokens unused for their project's
 * {@code auto_revoke_inactive_days} (never-used ones count from creation), reason {@code inactive}, actor
 * {@code system}; each revocation is published like any other. Also forgets handled secret-scanning
 * requests past the replay window.
 */
@ApplicationScoped
public class InactiveRevoker {

    static final int BATCH = 200;
    private static final String DUE = "select t.* from tokens.tokens t join tokens.projects p on p.id = t.project_id"
            + " where t.kind = 'project' and t.status = 'active' and p.deleted_at is null"
            + " and p.auto_revoke_inactive_days is not null"
            + " and coalesce(t.last_used_at, t.created_at)"
            + " <= cast(:now as timestamptz) - make_interval(days => p.auto_revoke_inactive_days)"
            + " order by t.id limit " + BATCH + " for update of t skip locked";

    private final ProjectRepository projects;
    private final TokenIssuer issuer;
    private final ChangePublisher publisher;
    private final Duration replayWindow;
    private volatile boolean stopping;

    public InactiveRevoker(ProjectRepository projects, TokenIssuer issuer, ChangePublisher publisher,
            LeaksConfig leaks) {
        this.projects = projects;
        this.issuer = issuer;
        this.publisher = publisher;
        this.replayWindow = leaks.replayWindow();
    }

    @Scheduled(every = "${mintpost.inactive.interval}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledRound() {
        if (stopping) {
            return Uni.createFrom().voidItem();
        }
        return revokeDue(Clock.now()).replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    Log.warnf("auto-revoke round failed (will retry): %s", e.getClass().getSimpleName());
                    return null;
                });
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /** One round at {@code now}: returns how many tokens were revoked. */
    public Uni<Integer> revokeDue(Instant now) {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(s -> s.createNativeQuery(DUE, Token.class).setParameter("now", now).getResultList())
                .chain(due -> Multi.createFrom().iterable(due)
                        .onItem().transformToUniAndConcatenate(token -> projects.findById(token.projectId)
                                .chain(project -> revoke(token, project, now)))
                        .collect().asList())
                .call(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                        "delete from tokens.secret_scanning_requests where received_at < :cut")
                        .setParameter("cut", now.minus(replayWindow)).executeUpdate())))
                .map(List::size)
                .call(n -> n > 0 ? publisher.publishCommitted() : Uni.createFrom().voidItem())
                .invoke(n -> {
                    if (n > 0) {
                        Log.infof("revoked %d token(s) unused for their project's auto_revoke_inactive_days", n);
                    }
                });
    }

    private Uni<Token> revoke(Token token, Project project, Instant now) {
        return issuer.revokeFor(token, project.smtpEnabled, TokenChanged.REASON_INACTIVE, null, null, "system", now);
    }
}
