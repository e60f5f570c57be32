package org.mintpost.token.suppressions;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.SuppressionChanged;
import org.mintpost.token.service.ChangePublisher;
import org.mintpost.token.service.Clock;
import org.mintpost.token.service.NotFound;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Adds the entries a batch of delivery outcomes calls for in one transaction, with one publication on
 * {@code suppression-changes} for the whole batch (a flood of bounces costs a commit and a Kafka round per
 * batch, not per bounce). The outcomes are grouped by where their entry applies (team, scope, project, route):
 * per group one check that the project and route are the team's, one look-up of the live entries among the
 * batch's addresses, and the new rows written with statement batching. The first outcome for an address wins
 * (its reason and source message), as it would have one outcome at a time; an address already live is skipped,
 * so a batch read again changes nothing. What can never be an entry (a recipient that is no address, a project or
 * route no longer the team's) is logged and passed over without failing the others.
 */
@ApplicationScoped
public class OutcomeBatch {

    static final int STATEMENT_BATCH = 200;
    private static final int MAX_MESSAGE_ID = 64;
    private static final int MAX_SUBJECT = 998;
    private static final int MAX_ROUTE_ID = 64;

    /** One outcome that calls for an entry, with the entry's reason. */
    public record Outcome(DeliveryEvent event, UUID team, UUID project, String reason) {
    }

    private record Target(UUID team, String scope, UUID project, String route) {
    }

    private record Pending(SuppressionValues.Entry entry, Outcome outcome) {
    }

    private final SuppressionService service;
    private final SuppressionRepository suppressions;
    private final SuppressionEvents events;
    private final ChangePublisher publisher;

    public OutcomeBatch(SuppressionService service, SuppressionRepository suppressions, SuppressionEvents events,
            ChangePublisher publisher) {
        this.service = service;
        this.suppressions = suppressions;
        this.events = events;
        this.publisher = publisher;
    }

    /** The entries added; completes once they are committed and acknowledged on {@code suppression-changes}. */
    public Uni<Integer> add(List<Outcome> outcomes) {
        Map<Target, Map<String, Pending>> groups = group(outcomes);
        if (groups.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Instant now = Clock.now();
        return Panache.withTransaction(() -> Panache.getSession()
                .invoke(session -> session.setBatchSize(STATEMENT_BATCH))
                .chain(() -> Multi.createFrom().iterable(groups.entrySet())
                        .onItem().transformToUniAndConcatenate(g -> addGroup(g.getKey(), g.getValue(), now))
                        .collect().asList()))
                .call(publisher::publishCommitted)
                .map(added -> added.stream().mapToInt(Integer::intValue).sum());
    }

    private Uni<Integer> addGroup(Target t, Map<String, Pending> pending, Instant now) {
        return service.checkProject(t.team(), t.project())
                .chain(() -> service.checkRoute(t.team(), t.route()))
                .chain(() -> suppressions.live(t.team(), t.scope(), t.project(), t.route(),
                        List.copyOf(pending.keySet())))
                .chain(existing -> {
                    Set<String> taken = existing.stream().map(s -> s.value).collect(Collectors.toSet());
                    List<Suppression> rows = pending.values().stream()
                            .filter(p -> !taken.contains(p.entry().value()))
                            .map(p -> row(t, p, now)).toList();
                    return Multi.createFrom().iterable(rows)
                            .onItem().transformToUniAndConcatenate(s -> suppressions.persist(s)
                                    .chain(() -> events.record(s, SuppressionChanged.CHANGE_CREATED,
                                            OutcomeSuppressions.ACTOR, now)))
                            .collect().asList()
                            .invoke(() -> rows.forEach(s -> Log.infof("%s of message %s: %s suppressed for project %s",
                                    s.reason, s.sourceMessageId, s.value, s.projectId)))
                            .replaceWith(rows.size());
                })
                .onFailure(NotFound.class).recoverWithItem(failure -> {
                    Log.warnf("%d delivery outcomes of team %s not added to the suppression list: %s", pending.size(),
                            t.team(), failure.getMessage());
                    return 0;
                });
    }

    private static Map<Target, Map<String, Pending>> group(List<Outcome> outcomes) {
        Map<Target, Map<String, Pending>> groups = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            SuppressionValues.Entry entry = SuppressionValues.parse(o.event().recipient());
            if (entry == null || !SuppressionChanged.TYPE_EMAIL.equals(entry.type())) {
                Log.warnf("%s of message %s not added to the suppression list: the recipient is no address",
                        o.event().status(), o.event().messageId());
                continue;
            }
            String route = o.event().routeId() == null ? null : o.event().routeId().strip();
            boolean byRoute = SuppressionChanged.REASON_UNSUBSCRIBE.equals(o.reason()) && route != null
                    && !route.isEmpty() && route.length() <= MAX_ROUTE_ID;
            Target target = byRoute ? new Target(o.team(), SuppressionChanged.SCOPE_ROUTE, o.project(), route)
                    : new Target(o.team(), SuppressionChanged.SCOPE_PROJECT, o.project(), null);
            groups.computeIfAbsent(target, k -> new LinkedHashMap<>())
                    .putIfAbsent(entry.value(), new Pending(entry, o));
        }
        return groups;
    }

    private static Suppression row(Target t, Pending p, Instant now) {
        DeliveryEvent e = p.outcome().event();
        // what no column can hold is left out of the source rather than failing the batch
        String messageId = e.messageId() == null || e.messageId().length() > MAX_MESSAGE_ID ? null : e.messageId();
        String subject = e.subject() == null || e.subject().length() <= MAX_SUBJECT ? e.subject()
                : e.subject().substring(0, MAX_SUBJECT);
        return SuppressionService.entry(t.team(), t.scope(), t.project(), t.route(), p.entry(), p.outcome().reason(),
                new SuppressionService.Source(messageId, subject, e.receivedAt()), now);
    }
}
