package org.mintpost.dispatch.suppressions;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.mintpost.contracts.event.SendJob;

/**
 * Where a delivery asks which of its recipients are suppressed. Until the {@link SuppressionReader} has read the
 * whole topic once (at most {@code mintpost.suppressions.startup-wait} after start) a delivery waits, so a worker
 * that has just started never mails a recipient an entry written long ago keeps.
 */
@ApplicationScoped
public class Suppressions {

    private final SuppressionList list;
    private final SuppressionReader reader;
    private final long deadline;

    public Suppressions(SuppressionList list, SuppressionReader reader,
            @ConfigProperty(name = "mintpost.suppressions.startup-wait", defaultValue = "30s") Duration startupWait) {
        this.list = list;
        this.reader = reader;
        this.deadline = System.nanoTime() + startupWait.toNanos();
    }

    /** The job's recipients split into those to mail and those an entry keeps. */
    public SuppressionList.Split split(SendJob job, List<String> recipients) {
        while (!reader.isCaughtUp() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return list.split(job, recipients);
    }
}
