package org.mintpost.dispatch.gate;

import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.SendJob;
import org.mintpost.dispatch.sandbox.SandboxDelivery;
import org.mintpost.dispatch.schedule.ScheduleGate;
import org.mintpost.dispatch.service.OutgoingMessages;

import io.smallrye.mutiny.Uni;

/**
 * The last look at a prepared message before its SMTP transaction (one call in {@code DispatchService}): a
 * canceled or rescheduled message is held back ({@link ScheduleGate}), a sandbox project's message is finished
 * without one ({@link SandboxDelivery}). Null: send it.
 */
@ApplicationScoped
public class SmtpGate {

    private final ScheduleGate schedule;
    private final SandboxDelivery sandbox;

    public SmtpGate(ScheduleGate schedule, SandboxDelivery sandbox) {
        this.schedule = schedule;
        this.sandbox = sandbox;
    }

    /** The job as its latest reschedule has it ({@link ScheduleGate#current}). */
    public SendJob current(SendJob job) {
        return schedule.current(job);
    }

    public Uni<Void> hold(SendJob job, OutgoingMessages.Outgoing out, Function<SendJob, Uni<Void>> park) {
        Uni<Void> held = schedule.hold(job, park);
        if (held != null) {
            return held;
        }
        return job.sandbox() ? sandbox.finish(job, out) : null;
    }
}
