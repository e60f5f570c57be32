package org.mintpost.webhook.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/** Every key of webhook-service under {@code mintpost.webhooks}; each one can be overridden by its env var. */
@ConfigMapping(prefix = "mintpost.webhooks")
public interface WebhookConfig {

    /** AES-256 key, base64, that seals the webhooks' signing secrets at rest. */
    String secretKey();

    /** Lets plain http and loopback/private targets through (local stack and tests only). */
    boolean allowPrivateTargets();

    /** Whole attempt: connect, request, response headers and the capped body. */
    Duration requestTimeout();

    Duration connectTimeout();

    /** Bytes of a receiver's answer kept (and read at all). */
    int responseBodyLimit();

    /** Attempts in flight at once in this instance (threads making requests). */
    int workers();

    /** Attempts in flight at once to one webhook from this instance: a slow endpoint holds no more. */
    int perWebhookInFlight();

    /** Jobs this instance holds leases on at once (waiting for their turn, in flight or being written). */
    int claimed();

    /** Jobs of one webhook this instance holds at once; they are attempted {@code per-webhook-in-flight} at a time. */
    int perWebhookClaimed();

    /** How often the queue is looked at when nothing woke it. */
    Duration pollInterval();

    /** How long a claimed job is held; a crashed instance's jobs are taken again after it. */
    Duration lease();

    Retry retry();

    /** A webhook whose attempts have failed for this long is disabled. */
    Duration disableAfter();

    /** Attempts (and closed jobs) older than this are purged from the delivery log. */
    Duration deliveryRetention();

    /** How often the purge runs. */
    Duration purgeInterval();

    int defaultPageSize();

    int maxPageSize();

    interface Retry {
        Duration initialBackoff();

        Duration maxBackoff();

        /** No attempt is made later than this after the event. */
        Duration giveUpAfter();
    }
}
