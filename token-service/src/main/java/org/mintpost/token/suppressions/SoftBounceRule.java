package org.mintpost.token.suppressions;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.DeliveryEvent;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * The soft-bounce rule: an address of a project that soft-bounces on {@code mintpost.suppressions.soft-bounce.messages}
 * distinct messages in a row, the first of them no longer ago than {@code .window}, is treated as a hard bounce. The
 * streak lives in {@code soft_bounce_streaks} (one row per project and address, updated by one atomic upsert, so
 * retries of a message count once and events read again change nothing); a {@code delivered} or
 * {@code hard_bounced} for the address ends it, and a streak older than the window starts over. Which addresses
 * have a streak is also kept in memory (reloaded every {@code .refresh}), so a delivery costs a database call only
 * when there is a streak to end.
 */
@ApplicationScoped
public class SoftBounceRule {

    private static final String UPSERT = """
            insert into tokens.soft_bounce_streaks as s (project_id, address, team_id, message_ids, first_at, updated_at)
            values (?1, ?2, ?3, cast(array[?4] as varchar(64)[]), ?5, ?5)
            on conflict (project_id, address) do update set
                message_ids = case when s.first_at < ?6 then cast(array[?4] as varchar(64)[])
                                   when ?4 = any(s.message_ids) then s.message_ids
                                   else array_append(s.message_ids, cast(?4 as varchar(64))) end,
                first_at = case when s.first_at < ?6 then ?5 else s.first_at end,
                updated_at = ?5
            returning cardinality(message_ids)""";

    private final int messages;
    private final Duration window;
    private volatile Set<String> streaks = ConcurrentHashMap.newKeySet();

    public SoftBounceRule(SoftBounceConfig config) {
        this.messages = config.messages();
        this.window = config.window();
    }

    /** True when this soft bounce completes a streak (the streak is then over: the caller adds the entry). */
    public Uni<Boolean> softBounced(DeliveryEvent e, UUID team, UUID project) {
        String address = e.recipient().strip().toLowerCase(Locale.ROOT);
        // what no column can hold is no address or message of ours: passed over, never retried
        if (messages <= 0 || e.messageId() == null || e.messageId().length() > 64 || address.length() > 320) {
            return Uni.createFrom().item(false);
        }
        OffsetDateTime at = utc(e.occurredAt() == null ? Instant.now() : e.occurredAt());
        OffsetDateTime windowStart = at.minus(window);
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> s.createNativeQuery(UPSERT, Integer.class)
                .setParameter(1, project).setParameter(2, address).setParameter(3, team)
                .setParameter(4, e.messageId()).setParameter(5, at).setParameter(6, windowStart)
                .getSingleResult()
                .invoke(count -> streaks.add(key(project, address)))
                .chain(count -> count >= messages ? end(project, address).replaceWith(true)
                        : Uni.createFrom().item(false))));
    }

    /** A delivery or a hard bounce: the address's streak, if any, is over. */
    public Uni<Void> ended(UUID project, String recipient) {
        String address = recipient.strip().toLowerCase(Locale.ROOT);
        if (!streaks.contains(key(project, address))) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> end(project, address));
    }

    private Uni<Void> end(UUID project, String address) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "delete from tokens.soft_bounce_streaks where project_id = ?1 and address = ?2")
                .setParameter(1, project).setParameter(2, address).executeUpdate())
                .invoke(() -> streaks.remove(key(project, address))).replaceWithVoid();
    }

    /** Reloads the addresses with a streak (another instance may have started one). */
    @Scheduled(every = "${mintpost.suppressions.soft-bounce.refresh:2s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> reload() {
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                "select concat(cast(project_id as text), '|', address) from tokens.soft_bounce_streaks", String.class).getResultList()))
                .invoke((List<String> keys) -> {
                    Set<String> next = ConcurrentHashMap.newKeySet();
                    next.addAll(keys);
                    streaks = next;
                }).replaceWithVoid();
    }

    private static String key(UUID project, String address) {
        return project + "|" + address;
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
