package org.mintpost.webhook.service;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.webhook.messaging.RouteDirectory;
import org.mintpost.webhook.repository.JobRepository;
import org.mintpost.webhook.repository.WebhookRepository;

/**
 * Turns delivery events into queued jobs, one per subscribed webhook, in one transaction per batch and in the
 * order the events came (so one message's events keep their order). A redelivered event queues nothing new.
 */
@ApplicationScoped
public class IngestService {

    private final DataSource db;
    private final RouteDirectory routes;
    private final WebhookRepository webhooks;
    private final JobRepository jobs;

    public IngestService(DataSource db, RouteDirectory routes, WebhookRepository webhooks, JobRepository jobs) {
        this.db = db;
        this.routes = routes;
        this.webhooks = webhooks;
        this.jobs = jobs;
    }

    /**
     * Whether a machine made the event (a privacy proxy's prefetch, a link scanner): the publisher says so with
     * {@code data.machine = "true"} ({@link DeliveryEvent#DATA_MACHINE}). Only webhooks with
     * {@code include_machine_events} get those.
     */
    static boolean isMachine(DeliveryEvent e) {
        return e.data() != null && "true".equalsIgnoreCase(e.data().get(DeliveryEvent.DATA_MACHINE));
    }

    /** Queues the batch; returns how many jobs were offered (0: nothing subscribed). */
    public int store(List<DeliveryEvent> events) {
        return JobsTransaction.run(db, c -> {
            int queued = 0;
            List<JobRepository.NewJob> batch = new ArrayList<>();
            Map<List<Object>, List<String>> subscribers = new HashMap<>();
            for (DeliveryEvent e : events) {
                queued += store(c, e, batch, subscribers);
            }
            jobs.enqueueAll(c, batch);
            return queued;
        });
    }

    /** Adds the event's jobs to {@code batch}; a batch looks each route's subscribers up once. */
    private int store(Connection c, DeliveryEvent e, List<JobRepository.NewJob> batch,
            Map<List<Object>, List<String>> known) throws SQLException {
        String type = e == null ? null : WebhookEvents.of(e.status());
        if (type == null || e.eventId() == null) {
            return 0;
        }
        String routeId = routes.routeOf(e.routeId(), e.projectId());
        if (routeId == null) {
            return 0;
        }
        boolean sandbox = DeliveryModes.isSandbox(e);
        List<Object> key = Arrays.asList(routeId, e.teamId(), e.projectId(), type, isMachine(e), sandbox);
        List<String> subscribers = known.get(key);
        if (subscribers == null) {
            subscribers = webhooks.subscribers(c, routeId, e.teamId(), e.projectId(), type, isMachine(e), sandbox);
            known.put(key, subscribers);
        }
        for (String webhookId : subscribers) {
            String id = UUID.randomUUID().toString();
            batch.add(new JobRepository.NewJob(id, webhookId, e.eventId(), type, e.messageId(),
                    EventPayloads.of(id, type, routeId, e)));
        }
        return subscribers.size();
    }
}
