package org.mintpost.gateway.service;

import java.util.List;

import org.mintpost.contracts.event.SendJob;

import io.smallrye.mutiny.Uni;

/**
 * Puts accepted jobs on {@code send-jobs}. The returned {@code Uni} completes only after the broker
 * acknowledged every job ({@code acks=all}); it fails with {@link PublishFailedException} otherwise.
 */
public interface SendJobPublisher {

    Uni<Void> publish(SendJob job);

    Uni<Void> publishAll(List<SendJob> jobs);

    /** The broker did not acknowledge in time: nothing may be claimed as accepted. */
    class PublishFailedException extends RuntimeException {
        private final boolean tooLarge;

        public PublishFailedException(String message, boolean tooLarge) {
            super(message, null, false, false);
            this.tooLarge = tooLarge;
        }

        public boolean tooLarge() {
            return tooLarge;
        }
    }
}
