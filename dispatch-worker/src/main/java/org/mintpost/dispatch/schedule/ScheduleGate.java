package org.mintpost.dispatch.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.SendJob;

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

    /** The job due at {@code at}. */
    static SendJob dueAt(SendJob job, Instant at) {
        return new SendJob(UUID.randomUUID().toString(), Instant.now(), job.schemaVersion(), job.messageId(),
                job.teamId(), job.projectId(), job.tokenId(), job.receivedAt(), job.channel(), job.idempotencyKey(),
                job.content(), job.rawMime(), job.envelopeFrom(), job.envelopeTo(), job.tag(), job.metadata(),
                job.route(), at, job.attempt(), job.notBefore(), job.lastError(), job.routeId(), job.tracking(),
                job.deliveryMode(), job.sandboxResult());
    }
}
