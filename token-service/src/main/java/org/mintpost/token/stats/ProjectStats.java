package org.mintpost.token.stats;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.token.rest.Dtos.MessageStats;
import org.mintpost.token.service.Clock;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * {@code last_28_days} of projects ({@code MessageStatsData}): consumes {@code delivery-events} (group
 * {@code token-service-project-stats}) and counts, per project, route and UTC day, the messages taken in by a worker
 * ({@code queued}) and the recipients delivered or bounced (hard bounced, failed). Each event counts once (its id is
 * kept while its day can be in a window). Read: the last 28 days (today included) split by the route's type;
 * {@code deliverability} = delivered of delivered and bounced, in percent (0 when there is nothing yet).
 */
@ApplicationScoped
public class ProjectStats {

    static final int DAYS = 28;

    private static final String COUNT = """
            with fresh as (
                insert into tokens.project_stats_events (event_id, day) values ($1, $4)
                on conflict (event_id) do nothing returning event_id)
            insert into tokens.project_message_days (project_id, route_id, day, messages, delivered, bounced)
            select $2, $3, $4, $5, $6, $7 from fresh
            on conflict (project_id, day, route_id) do update set
                messages = project_message_days.messages + excluded.messages,
                delivered = project_message_days.delivered + excluded.delivered,
                bounced = project_message_days.bounced + excluded.bounced""";

    private static final String READ = """
            select d.project_id,
                coalesce(sum(d.messages) filter (where r.route_type is distinct from 'broadcast'), 0) as transactional,
                coalesce(sum(d.messages) filter (where r.route_type = 'broadcast'), 0) as broadcast,
                coalesce(sum(d.delivered), 0) as delivered, coalesce(sum(d.bounced), 0) as bounced
            from tokens.project_message_days d
            left join tokens.routes r on d.route_id <> '' and r.id::text = d.route_id
            where d.project_id = any($1) and d.day > $2
            group by d.project_id""";

    private final Pool pool;

    public ProjectStats(Pool pool) {
        this.pool = pool;
    }

    @Incoming("project-stats")
    public Uni<Void> consume(DeliveryEvent event) {
        UUID project = event == null ? null : uuid(event.projectId());
        if (project == null || event.eventId() == null || event.eventId().length() > 100) {
            return Uni.createFrom().voidItem();
        }
        int messages = DeliveryEvent.QUEUED.equals(event.status()) ? 1 : 0;
        int delivered = DeliveryEvent.DELIVERED.equals(event.status()) ? 1 : 0;
        int bounced = DeliveryEvent.HARD_BOUNCED.equals(event.status()) || DeliveryEvent.FAILED.equals(event.status())
                ? 1 : 0;
        if (messages + delivered + bounced == 0) {
            return Uni.createFrom().voidItem();
        }
        LocalDate day = LocalDate.ofInstant(event.occurredAt() == null ? Clock.now() : event.occurredAt(),
                ZoneOffset.UTC);
        String route = event.routeId() == null || event.routeId().length() > 64 ? "" : event.routeId();
        Tuple args = Tuple.tuple(List.of(event.eventId(), project, route, day, messages, delivered, bounced));
        return pool.preparedQuery(COUNT).execute(args).replaceWithVoid()
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(20)
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("event %s of message %s not counted in its project's stats: %s", event.eventId(),
                            event.messageId(), failure.getClass().getSimpleName());
                    return null;
                });
    }

    /** The last 28 days of each project (every id present, zeros where nothing was sent). */
    public Uni<Map<UUID, MessageStats>> last28Days(Collection<UUID> projects) {
        Map<UUID, MessageStats> out = new HashMap<>();
        projects.forEach(p -> out.put(p, new MessageStats(0, 0, 0, 0)));
        if (projects.isEmpty()) {
            return Uni.createFrom().item(out);
        }
        LocalDate after = LocalDate.ofInstant(Clock.now(), ZoneOffset.UTC).minusDays(DAYS);
        return pool.preparedQuery(READ).execute(Tuple.of(projects.toArray(new UUID[0]), after)).map(rows -> {
            for (Row r : rows) {
                long delivered = r.getLong("delivered");
                long bounced = r.getLong("bounced");
                int deliverability = delivered + bounced == 0 ? 0
                        : (int) Math.round(100.0 * delivered / (delivered + bounced));
                out.put(r.getUUID("project_id"), new MessageStats((int) r.getLong("transactional").longValue(),
                        (int) r.getLong("broadcast").longValue(), 0, deliverability));
            }
            return out;
        });
    }

    /** Event ids and days no 28-day window can reach any more are removed. */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> forget() {
        LocalDate before = LocalDate.ofInstant(Clock.now(), ZoneOffset.UTC).minusDays(DAYS + 2);
        return pool.preparedQuery("delete from tokens.project_stats_events where day < $1").execute(Tuple.of(before))
                .chain(() -> pool.preparedQuery("delete from tokens.project_message_days where day < $1")
                        .execute(Tuple.of(before)))
                .replaceWithVoid().onFailure().recoverWithNull();
    }

    private static UUID uuid(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
