package org.mintpost.webhook.delivery;

import org.mintpost.webhook.repository.ClaimedJob;

/** An attempt that has ended and waits to be written with others of its batch. */
public record FinishedAttempt(ClaimedJob job, Outcome outcome) {
}
