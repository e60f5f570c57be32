package org.mintpost.gateway.service;

import org.mintpost.contracts.event.TokenUsed;

/** Where usage events go ({@code token-usage}). Must never block or throw. */
public interface UsageSink {

    /** Hands the event over; returns false when it had to be dropped. */
    boolean offer(TokenUsed event);
}
