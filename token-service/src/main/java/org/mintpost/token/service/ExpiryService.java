package org.mintpost.token.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.mintpost.token.model.Token;
import org.mintpost.token.repository.ProjectRepository;
import org.mintpost.token.repository.TokenRepository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Marks active tokens past their {@code expires_at} as expired and publishes each change. */
@ApplicationScoped
public class ExpiryService {

    static final int BATCH = 200;

    private final TokenRepository tokens;
    private final ProjectRepository projects;
    private final TokenIssuer issuer;
    private final ChangePublisher publisher;
    private volatile boolean stopping;

    public ExpiryService(TokenRepository tokens, ProjectRepository projects, TokenIssuer issuer,
            ChangePublisher publisher) {
        this.tokens = tokens;
        this.projects = projects;
        this.issuer = issuer;
        this.publisher = publisher;
    }

    @Scheduled(every = "${mintpost.expiry.interval}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledRound() {
        if (stopping) {
            return Uni.createFrom().voidItem();
        }
        return expireDue().replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    Log.warnf("expiry round failed (will retry): %s", e.getClass().getSimpleName());
                    return null;
                });
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /** One round: returns how many tokens were expired. */
    public Uni<Integer> expireDue() {
        Instant now = Clock.now();
        return Panache.withTransaction(() -> tokens.dueToExpire(now, BATCH)
                .chain(due -> Multi.createFrom().iterable(due)
                        .onItem().transformToUniAndConcatenate(token -> smtpEnabled(token)
                                .chain(smtp -> issuer.expire(token, smtp, now)))
                        .collect().asList()))
                .map(List::size)
                .invoke(n -> {
                    if (n > 0) {
                        Log.infof("expired %d token(s) past their expires_at", n);
                        publisher.nudge();
                    }
                });
    }

    private Uni<Boolean> smtpEnabled(Token token) {
        if (!token.isProjectToken()) {
            return Uni.createFrom().nullItem();
        }
        return projects.findById(token.projectId).map(p -> p != null && p.smtpEnabled);
    }
}
