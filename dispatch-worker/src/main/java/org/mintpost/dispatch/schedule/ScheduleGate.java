package org.mintpost.dispatch.schedule;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.SendJob;
import org.mintpost.contracts.kafka.JsonSerializer;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Checked right before the SMTP transaction of a scheduled message: a canceled message is dropped, a rescheduled
 * one parked until its new time. Messages that were never scheduled pass without a look-up. When the markers
 * cannot be read (Redis down) a scheduled message is parked briefly rather than sent unchecked: a canceled
 * message is never delivered.
 */
@ApplicationScoped
public class ScheduleGate {

    /** A new time within this margin is sent now. */
    static final Duration MARGIN = Duration.ofMillis(250);
    static final Duration RECHECK = Duration.ofSeconds(10);

    private final ScheduleMarkers markers;
    private final MeterRegistry registry;

    public ScheduleGate(ScheduleMarkers markers, MeterRegistry registry) {
        this.markers = markers;
        this.registry = registry;
    }

    /**
     * Null when the job may be sent now; otherwise what to do instead: nothing (canceled) or {@code park} of a copy
     * due at its new time.
     */
    public Uni<Void> hold(SendJob job, Function<SendJob, Uni<Void>> park) {
        if (job.scheduledAt() == null) {
            return null;
        }
        Instant now = Instant.now();
        String marker;
        try {
            marker = markers.read(job.messageId());
        } catch (RuntimeException e) {
            registry.counter("dispatch.schedule.held", "reason", "unchecked").increment();
            Log.warnf("scheduled message %s: cancel markers unreadable (%s); checked again in %s", job.messageId(),
                    e.toString(), RECHECK);
            return park.apply(dueAt(job, now.plus(RECHECK)));
        }
        if (marker == null) {
            return null;
        }
        if (ScheduleMarkers.CANCELED.equals(marker)) {
            registry.counter("dispatch.schedule.held", "reason", "canceled").increment();
            Log.infof("message %s was canceled; not sent", job.messageId());
            return Uni.createFrom().voidItem();
        }
        Instant at = ScheduleMarkers.time(marker);
        if (!at.isAfter(now.plus(MARGIN))) {
            return null;
        }
        registry.counter("dispatch.schedule.held", "reason", "rescheduled").increment();
        return park.apply(dueAt(job, at));
    }

    /**
     * The job as its latest reschedule has it: a copy due at the marker's time when a reschedule moved it, else the
     * job itself. Read when a scheduled job is about to be parked, so that a copy coming off a delay topic follows a
     * new time (earlier or later) instead of its old one. A fresh job (never parked) due later is kept first
     * ({@link #parked}). Unreadable markers: the job itself (the last look before the SMTP transaction checks again).
     */
    public SendJob current(SendJob job) {
        if (job.scheduledAt() == null) {
            return job;
        }
        try {
            String marker = markers.read(job.messageId());
            if (marker == null && job.attempt() == 0 && job.notBefore() == null
                    && job.scheduledAt().isAfter(Instant.now().plus(MARGIN))) {
                parked(job);
            }
            if (marker == null || ScheduleMarkers.CANCELED.equals(marker)) {
                return job;
            }
            Instant at = ScheduleMarkers.time(marker);
            return at.equals(job.scheduledAt()) ? job : dueAt(job, at);
        } catch (RuntimeException e) {
            Log.debugf("scheduled message %s: markers unreadable (%s)", job.messageId(), e.toString());
            return job;
        }
    }

    /** Keeps a copy of a scheduled job parked for the first time (best effort: without it a move is one step late). */
    void parked(SendJob job) {
        try {
            markers.keep(job.messageId(), new String(new JsonSerializer<SendJob>().serialize(null, job),
                    StandardCharsets.UTF_8), job.scheduledAt(), Instant.now());
        } catch (RuntimeException e) {
            Log.warnf("scheduled message %s: its copy could not be kept (%s); a move to an earlier time waits for"
                    + " the copy on its delay topic", job.messageId(), e.toString());
        }
    }

    /** The job due at {@code at}. */
    static SendJob dueAt(SendJob job, Instant at) {
        return job.dueAt(UUID.randomUUID().toString(), Instant.now(), at);
    }
}
