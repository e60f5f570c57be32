package org.mintpost.webhook.service;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.SuppressionChanged;
import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.webhook.repository.DeliveryRepository;
import org.mintpost.webhook.repository.JobRepository;
import org.mintpost.webhook.repository.WebhookRepository;

/**
 * Turns the account side's changes into queued jobs: {@code suppression.added} / {@code suppression.removed} from
 * {@code suppression-changes} (to the webhooks in the entry's scope: the team, one project or one route) and
 * {@code token.leaked} (our extension) from {@code token-changes} (a token revoked with reason {@code leaked}: to the
 * webhooks of its project, or of the whole team for a team token). Only webhooks that existed when the change was
 * made get it, so reading a compacted topic from its start never replays history to them.
 */
@ApplicationScoped
public class AccountEventIngest {

    private final DataSource db;
    private final WebhookRepository webhooks;
    private final JobRepository jobs;
    private final DeliveryRepository deliveries;

    public AccountEventIngest(DataSource db, WebhookRepository webhooks, JobRepository jobs,
            DeliveryRepository deliveries) {
        this.db = db;
        this.webhooks = webhooks;
        this.jobs = jobs;
        this.deliveries = deliveries;
    }

    /** Queues the webhook event a suppression change is; returns how many jobs were added. */
    public int suppression(SuppressionChanged s) {
        if (s == null || s.eventId() == null || s.teamId() == null) {
            return 0;
        }
        String type = s.isDeleted() ? WebhookEvents.SUPPRESSION_REMOVED : WebhookEvents.SUPPRESSION_ADDED;
        String project = SuppressionChanged.SCOPE_TEAM.equals(s.scope()) ? null : s.projectId();
        String route = SuppressionChanged.SCOPE_ROUTE.equals(s.scope()) ? s.routeId() : null;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("suppression_id", s.suppressionId());
        data.put("scope", s.scope());
        data.put("project_id", s.projectId());
        data.put("route_id", s.routeId());
        data.put("type", s.type());
        data.put("value", s.value());
        data.put("reason", s.reason());
        data.put("source_message_id", s.sourceMessageId());
        return queue(s.eventId(), type, s.teamId(), project, route, "suppression:" + s.suppressionId(),
                s.occurredAt(), data);
    }

    /** Queues {@code token.leaked} when the change is a revocation for a leak; returns how many jobs were added. */
    public int token(TokenChanged t) {
        if (t == null || t.eventId() == null || t.teamId() == null
                || !TokenChanged.CHANGE_REVOKED.equals(t.change()) || !TokenChanged.REASON_LEAKED.equals(t.reason())) {
            return 0;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("token_id", t.tokenId());
        data.put("kind", t.kind());
        data.put("name", t.name());
        data.put("project_id", t.projectId());
        data.put("reason", t.reason());
        data.put("url", t.detail(TokenChanged.DETAIL_URL));
        data.put("source", t.detail(TokenChanged.DETAIL_SOURCE));
        data.put("revoked_at", t.occurredAt());
        String project = TokenChanged.KIND_PROJECT.equals(t.kind()) ? t.projectId() : null;
        return queue(t.eventId(), WebhookEvents.TOKEN_LEAKED, t.teamId(), project, null, null, t.occurredAt(), data);
    }

    private int queue(String eventId, String type, String team, String project, String route, String orderKey,
            Instant occurredAt, Map<String, Object> data) {
        Instant at = occurredAt == null ? Instant.now() : occurredAt;
        return JobsTransaction.run(db, c -> {
            int queued = 0;
            for (String webhookId : webhooks.subscribersIn(c, team, project, route, type, at)) {
                String id = UUID.randomUUID().toString();
                String payload = EventPayloads.envelope(id, type, at, data);
                if (jobs.enqueue(c, id, webhookId, eventId, type, orderKey, payload)) {
                    deliveries.pending(c, id, webhookId, type, payload, 1, Instant.now());
                    queued++;
                }
            }
            return queued;
        });
    }
}
