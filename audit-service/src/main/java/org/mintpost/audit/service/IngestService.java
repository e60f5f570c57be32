package org.mintpost.audit.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.audit.config.AuditConfig;
import org.mintpost.audit.repository.ContentRepository;
import org.mintpost.audit.repository.ContentRow;
import org.mintpost.audit.repository.DeliveryEventRepository;
import org.mintpost.audit.repository.DeliveryEventRow;
import org.mintpost.audit.repository.TokenLogRepository;
import org.mintpost.audit.repository.TokenLogRow;
import org.mintpost.audit.repository.TokenOwnerRow;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.MessageSource;
import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.contracts.event.TokenUsed;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Turns consumed event batches into rows and stores each batch with one multi-row insert that
 * skips event ids already stored, in one transaction. The returned {@code Uni} completes only
 * after that transaction committed, so the caller may then commit the Kafka offsets. A batch that
 * cannot be stored (database down) is retried with back-off until it can: nothing is dropped.
 */
@ApplicationScoped
public class IngestService {

    static final String LIFECYCLE = "lifecycle";

    private final TokenLogRepository tokenLogs;
    private final DeliveryEventRepository deliveries;
    private final ContentRepository contents;
    private final IngestMetrics metrics;
    private final AuditConfig config;
    private final Clock clock;

    public IngestService(TokenLogRepository tokenLogs, DeliveryEventRepository deliveries,
            ContentRepository contents, IngestMetrics metrics, AuditConfig config) {
        this.tokenLogs = tokenLogs;
        this.deliveries = deliveries;
        this.contents = contents;
        this.metrics = metrics;
        this.config = config;
        this.clock = Clock.systemUTC();
    }

    /** Uses and refused uses from {@code token-usage}. */
    public Uni<Void> storeUsage(List<TokenUsed> events) {
        String topic = Topics.TOKEN_USAGE;
        Instant cutoff = cutoff();
        Map<String, TokenLogRow> rows = new LinkedHashMap<>();
        Map<String, TokenOwnerRow> owners = new LinkedHashMap<>();
        int invalid = 0;
        int noToken = 0;
        int old = 0;
        for (TokenUsed e : events) {
            if (!Text.usableId(e.eventId()) || e.occurredAt() == null || e.outcome() == null) {
                invalid++;
                Log.warnf("skipping an invalid %s event (event id %s)", topic, Text.clean(e.eventId(), Text.ID));
                continue;
            }
            if (!Text.usableId(e.tokenId())) {
                noToken++;
                continue;
            }
            if (Text.usableId(e.teamId())) {
                owners.putIfAbsent(e.tokenId(), new TokenOwnerRow(e.tokenId(), Text.clean(e.tokenKind(), Text.SHORT),
                        e.teamId(), Text.clean(e.projectId(), Text.ID), -1, e.occurredAt()));
            }
            if (e.occurredAt().isBefore(cutoff)) {
                old++;
                continue;
            }
            rows.putIfAbsent(e.eventId(), new TokenLogRow(e.eventId(), e.occurredAt(), e.tokenId(),
                    Text.clean(e.tokenKind(), Text.SHORT), Text.clean(e.tokenDisplay(), Text.SHORT),
                    Text.clean(e.teamId(), Text.ID), Text.clean(e.projectId(), Text.ID),
                    e.channel() == null ? "unknown" : Text.clean(e.channel(), Text.SHORT),
                    Text.clean(e.endpoint(), Text.MEDIUM), Text.clean(e.outcome(), Text.SHORT),
                    Text.clean(e.reason(), Text.SHORT), Text.clean(e.ip(), Text.SHORT),
                    Text.clean(e.userAgent(), Text.MEDIUM), Text.jsonArray(e.messageIds(), Text.ID), null));
        }
        metrics.skipped(topic, "invalid", invalid);
        metrics.skipped(topic, "no_token", noToken);
        metrics.skipped(topic, "past_retention", old);
        List<TokenLogRow> logRows = new ArrayList<>(rows.values());
        List<TokenOwnerRow> ownerRows = new ArrayList<>(owners.values());
        return store(topic, events.size(), events.size() - invalid - noToken - old, logRows.size(),
                ownerRows.isEmpty(), () -> tokenLogs.appendUses(logRows, ownerRows));
    }

    /** Lifecycle changes from {@code token-changes}; they also keep the token -> project -> team map. */
    public Uni<Void> storeChanges(List<TokenChanged> events) {
        String topic = Topics.TOKEN_CHANGES;
        Instant cutoff = cutoff();
        Map<String, TokenLogRow> rows = new LinkedHashMap<>();
        Map<String, TokenOwnerRow> owners = new LinkedHashMap<>();
        int invalid = 0;
        int old = 0;
        for (TokenChanged e : events) {
            if (!Text.usableId(e.eventId()) || !Text.usableId(e.tokenId()) || e.occurredAt() == null
                    || e.change() == null) {
                invalid++;
                Log.warnf("skipping an invalid %s event (event id %s)", topic, Text.clean(e.eventId(), Text.ID));
                continue;
            }
            if (Text.usableId(e.teamId())) {
                TokenOwnerRow owner = new TokenOwnerRow(e.tokenId(), Text.clean(e.kind(), Text.SHORT), e.teamId(),
                        Text.clean(e.projectId(), Text.ID), e.revision(), e.occurredAt());
                owners.merge(e.tokenId(), owner, (a, b) -> b.revision() > a.revision() ? b : a);
            }
            if (e.occurredAt().isBefore(cutoff)) {
                old++;
                continue;
            }
            rows.putIfAbsent(e.eventId(), new TokenLogRow(e.eventId(), e.occurredAt(), e.tokenId(),
                    Text.clean(e.kind(), Text.SHORT), null, Text.clean(e.teamId(), Text.ID),
                    Text.clean(e.projectId(), Text.ID), LIFECYCLE, Text.clean(e.detail(TokenChanged.DETAIL_URL),
                    Text.MEDIUM), Text.clean(e.change(), Text.SHORT), Text.clean(e.reason(), Text.SHORT),
                    null, null, "[]", Text.clean(actor(e), Text.MEDIUM)));
        }
        metrics.skipped(topic, "invalid", invalid);
        metrics.skipped(topic, "past_retention", old);
        List<TokenLogRow> logRows = new ArrayList<>(rows.values());
        List<TokenOwnerRow> ownerRows = new ArrayList<>(owners.values());
        return store(topic, events.size(), events.size() - invalid - old, logRows.size(), ownerRows.isEmpty(),
                () -> tokenLogs.appendChanges(logRows, ownerRows));
    }

    /** Who made the change; for a leak report also where the reporter found it ({@code source}). */
    private static String actor(TokenChanged e) {
        String source = e.detail(TokenChanged.DETAIL_SOURCE);
        return source == null || e.actor() == null ? e.actor() : e.actor() + " (" + source + ")";
    }

    /** Delivery attempts from {@code delivery-events}. */
    public Uni<Void> storeDeliveries(List<DeliveryEvent> events) {
        String topic = Topics.DELIVERY_EVENTS;
        Instant cutoff = cutoff();
        Map<String, DeliveryEventRow> rows = new LinkedHashMap<>();
        int invalid = 0;
        int old = 0;
        for (DeliveryEvent e : events) {
            if (!Text.usableId(e.eventId()) || !Text.usableId(e.messageId()) || e.occurredAt() == null
                    || e.status() == null) {
                invalid++;
                Log.warnf("skipping an invalid %s event (event id %s)", topic, Text.clean(e.eventId(), Text.ID));
                continue;
            }
            if (e.occurredAt().isBefore(cutoff)) {
                old++;
                continue;
            }
            rows.putIfAbsent(e.eventId(), new DeliveryEventRow(e.eventId(), e.occurredAt(), e.messageId(),
                    Text.clean(e.teamId(), Text.ID), Text.clean(e.projectId(), Text.ID),
                    Text.clean(e.recipient(), Text.MEDIUM), Text.clean(e.status(), Text.SHORT), e.smtpCode(),
                    Text.clean(e.smtpResponse(), Text.LONG), e.attempt(), Text.clean(e.from(), Text.MEDIUM),
                    Text.jsonArray(e.to(), Text.MEDIUM), Text.clean(e.subject(), Text.LONG),
                    Text.clean(e.tag(), Text.MEDIUM), e.receivedAt(), Text.clean(e.routeId(), Text.ID),
                    Text.jsonObject(e.metadata(), Text.MEDIUM), Text.jsonObject(e.data(), Text.LONG),
                    Text.instant(e.data() == null ? null : e.data().get("scheduled_at")), SummaryJson.of(e.summary())));
        }
        metrics.skipped(topic, "invalid", invalid);
        metrics.skipped(topic, "past_retention", old);
        List<DeliveryEventRow> eventRows = new ArrayList<>(rows.values());
        return store(topic, events.size(), events.size() - invalid - old, eventRows.size(), true,
                () -> deliveries.append(eventRows));
    }

    /** Message contents from {@code message-content}; contents past their retention are not stored. */
    public Uni<Void> storeSources(List<MessageSource> events) {
        String topic = Topics.MESSAGE_CONTENT;
        Instant cutoff = clock.instant().minus(config.contentRetention());
        Map<String, ContentRow> rows = new LinkedHashMap<>();
        int invalid = 0;
        int old = 0;
        for (MessageSource e : events) {
            if (!Text.usableId(e.messageId()) || !Text.usableId(e.teamId()) || e.deliveredAt() == null
                    || e.mimeGzip() == null && e.omitted() == null) {
                invalid++;
                Log.warnf("skipping an invalid %s record (message id %s)", topic, Text.clean(e.messageId(), Text.ID));
                continue;
            }
            if (e.deliveredAt().isBefore(cutoff)) {
                old++;
                continue;
            }
            // redacted content is never stored, even when a publisher sent it along
            boolean keep = e.mimeGzip() != null && !MessageSource.REDACTED.equals(e.omitted());
            rows.putIfAbsent(e.messageId(), new ContentRow(e.messageId(), e.teamId(), Text.clean(e.projectId(),
                    Text.ID), e.deliveredAt(), keep ? e.mimeGzip() : null,
                    keep ? null : Text.clean(e.omitted(), Text.SHORT)));
        }
        metrics.skipped(topic, "invalid", invalid);
        metrics.skipped(topic, "past_retention", old);
        List<ContentRow> contentRows = new ArrayList<>(rows.values());
        return store(topic, events.size(), events.size() - invalid - old, contentRows.size(), true,
                () -> contents.append(contentRows));
    }

    /** Counts a batch's events that could not even be read (bad JSON, tombstones). */
    public void unreadable(String topic, int count) {
        metrics.skipped(topic, "unreadable", count);
    }

    /**
     * @param eligible   the batch's events neither invalid nor past retention
     * @param candidates the distinct events among them (the rows to insert); every eligible event not
     *                   stored is a duplicate, a copy within the batch or an event stored before
     */
    private Uni<Void> store(String topic, int received, int eligible, int candidates, boolean nothingElse,
            Supplier<Uni<? extends Integer>> insert) {
        if (candidates == 0 && nothingElse) {
            metrics.batch(topic, received, 0, eligible);
            return Uni.createFrom().voidItem();
        }
        long start = System.nanoTime();
        return Uni.createFrom().<Integer>deferred(insert)
                .onFailure().invoke(failure -> {
                    metrics.storeFailure(topic);
                    Log.warnf("could not store a batch of %d %s events, retrying: %s", candidates, topic,
                            failure.getMessage());
                })
                .onFailure().retry()
                .withBackOff(config.storeRetryInitialBackoff(), config.storeRetryMaxBackoff())
                .indefinitely()
                .invoke(stored -> {
                    metrics.storeTime(topic, System.nanoTime() - start);
                    metrics.batch(topic, received, stored, eligible - stored);
                    Log.debugf("stored %d of %d %s events (%d duplicates)", stored, received, topic,
                            eligible - stored);
                })
                .replaceWithVoid();
    }

    private Instant cutoff() {
        return clock.instant().minus(config.retention());
    }
}
