package org.mintpost.token.leaks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.contracts.token.TokenFormat;
import org.mintpost.token.model.Token;
import org.mintpost.token.repository.ProjectRepository;
import org.mintpost.token.repository.TokenRepository;
import org.mintpost.token.service.ChangePublisher;
import org.mintpost.token.service.Clock;
import org.mintpost.token.service.TokenIssuer;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Revokes reported tokens (reason {@code leaked}). A report only ever revokes: strings without a valid
 * checksum are answered without any lookup, the rest with one locked query, and every live token found
 * is revoked in one transaction; the call completes after Kafka acknowledged the changes, so every
 * gateway refuses the tokens within DESIGN §4.2's bound. A leaked previous secret still in its grace
 * loses the grace; the current secret lives on.
 */
@ApplicationScoped
public class LeakService {

    static final int URL_MAX = 2000;
    static final int SOURCE_MAX = 100;
    /** Anything that looks like one of our tokens is cut out of the reporter's text before it is kept. */
    private static final Pattern SECRET_LIKE = Pattern.compile("lm_(team_)?[0-9A-Za-z]{8,}");

    private final TokenRepository tokens;
    private final ProjectRepository projects;
    private final TokenIssuer issuer;
    private final ChangePublisher publisher;

    public LeakService(TokenRepository tokens, ProjectRepository projects, TokenIssuer issuer,
            ChangePublisher publisher) {
        this.tokens = tokens;
        this.projects = projects;
        this.issuer = issuer;
        this.publisher = publisher;
    }

    /**
     * @param requestDigest a digest identifying the request for replay protection (recorded in the same
     *                      transaction; a second request with it fails with {@link ReplayedRequest}), or null
     * @return per report, in order: whether it was a live token (now revoked)
     */
    public Uni<List<Boolean>> revokeLeaked(List<LeakReport> reports, String actor, String requestDigest) {
        Map<String, LeakReport> byHash = new LinkedHashMap<>();
        List<String> hashes = new ArrayList<>(reports.size());
        for (LeakReport report : reports) {
            String hash = TokenFormat.isValid(report.token()) ? TokenFormat.sha256Hex(report.token()) : null;
            hashes.add(hash);
            if (hash != null) {
                byHash.putIfAbsent(hash, report);
            }
        }
        Instant now = Clock.now();
        Set<String> live = new HashSet<>();
        return Panache.withTransaction(() -> remember(requestDigest, now)
                .chain(() -> byHash.isEmpty() ? Uni.createFrom().item(List.<Token>of())
                        : tokens.findByHashesForUpdate(List.copyOf(byHash.keySet()), now))
                .chain(found -> Multi.createFrom().iterable(found)
                        .onItem().transformToUniAndConcatenate(token -> revokeOne(token, byHash, live, actor, now))
                        .collect().asList()))
                .call(changed -> changed.isEmpty() ? Uni.createFrom().voidItem() : publisher.publishCommitted())
                .invoke(changed -> {
                    if (!changed.isEmpty()) {
                        Log.infof("revoked %d reported token(s) as leaked (%s)", changed.size(), actor);
                    }
                })
                .map(changed -> hashes.stream().map(h -> h != null && live.contains(h)).toList());
    }

    private Uni<Token> revokeOne(Token token, Map<String, LeakReport> byHash, Set<String> live, String actor,
            Instant now) {
        LeakReport current = byHash.get(token.tokenHash);
        boolean currentLive = current != null && Token.ACTIVE.equals(token.effectiveStatus(now));
        String previous = token.previousHash;
        boolean previousLive = previous != null && byHash.containsKey(previous)
                && Token.ACTIVE.equals(token.effectiveStatus(now));
        if (!currentLive && !previousLive) {
            return Uni.createFrom().nullItem();
        }
        return smtpEnabled(token).chain(smtp -> {
            if (currentLive) {
                live.add(token.tokenHash);
                if (previousLive) {
                    live.add(previous);
                }
                return issuer.revokeFor(token, smtp, TokenChanged.REASON_LEAKED, clip(current.url(), URL_MAX),
                        clip(current.source(), SOURCE_MAX), actor, now);
            }
            live.add(previous);
            return issuer.endGrace(token, smtp, actor, now);
        });
    }

    private Uni<Void> remember(String requestDigest, Instant now) {
        if (requestDigest == null) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "insert into tokens.secret_scanning_requests (signature_digest, received_at) values (:d, :at)"
                        + " on conflict do nothing")
                .setParameter("d", requestDigest).setParameter("at", now).executeUpdate())
                .invoke(inserted -> {
                    if (inserted == 0) {
                        throw new ReplayedRequest();
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Boolean> smtpEnabled(Token token) {
        if (!token.isProjectToken()) {
            return Uni.createFrom().nullItem();
        }
        return projects.findById(token.projectId).map(p -> p != null && p.smtpEnabled);
    }

    /** The reporter's text, without control characters and at most {@code max} characters; null when blank. */
    static String clip(String text, int max) {
        if (text == null) {
            return null;
        }
        String clean = SECRET_LIKE.matcher(text.replaceAll("\\p{Cntrl}", "")).replaceAll("lm_…").trim();
        if (clean.isEmpty()) {
            return null;
        }
        return clean.length() <= max ? clean : clean.substring(0, max);
    }
}
