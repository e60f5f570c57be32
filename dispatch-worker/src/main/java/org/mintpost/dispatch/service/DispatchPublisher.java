package org.mintpost.dispatch.service;

import java.util.List;

import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.MessageSource;
import org.mintpost.contracts.event.SendJob;

import io.smallrye.mutiny.Uni;

/** Where the outcome of a job goes. Each Uni completes once the broker has acknowledged the write. */
public interface DispatchPublisher {

    Uni<Void> publishEvents(List<DeliveryEvent> events);

    /** Puts {@code job} on a delay topic; it comes back no earlier than its {@code not_before}. */
    Uni<Void> publishDelayed(String topic, SendJob job);

    /** Puts the MIME a message went out with on {@code message-content}. */
    Uni<Void> publishSource(MessageSource source);

    /** Puts a job that will never be delivered on the dead-letter topic with the reason. */
    Uni<Void> publishDeadLetter(SendJob job, String reason);
}
