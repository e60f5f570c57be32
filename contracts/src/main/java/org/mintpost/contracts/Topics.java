package org.mintpost.contracts;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Kafka topic names (DESIGN §5). Explicit kebab-case names, never class names. */
public final class Topics {

    /** Compacted; key token id; value {@code TokenChanged}. The gateways' source of truth. */
    public static final String TOKEN_CHANGES = "token-changes";
    /** Compacted; key route id; value {@code RouteChanged}. Every context's view of the projects' routes. */
    public static final String ROUTE_CHANGES = "route-changes";
    /**
     * Compacted; key domain id; value {@code DomainChanged}: a sending domain's status, projects and DKIM keys
     * (private keys sealed). The edge's sender policy and the workers' DKIM signing read it.
     */
    public static final String DOMAIN_CHANGES = "domain-changes";
    /** Key project id; value {@code SendJob}. Partitions are the unit of worker scaling. */
    public static final String SEND_JOBS = "send-jobs";
    /** Key message id; value {@code SendJob} whose {@code not_before} says when to try again. */
    public static final List<RetryTier> SEND_JOBS_RETRY = List.of(
            new RetryTier("send-jobs-retry-10s", Duration.ofSeconds(10)),
            new RetryTier("send-jobs-retry-1m", Duration.ofMinutes(1)),
            new RetryTier("send-jobs-retry-10m", Duration.ofMinutes(10)),
            new RetryTier("send-jobs-retry-1h", Duration.ofHours(1)));
    /** Key message id; value {@code SendJob} (or the raw bytes that did not parse) plus the reason in headers. */
    public static final String SEND_JOBS_DLQ = "send-jobs-dlq";
    /** Key token id (or {@code unknown}); value {@code TokenUsed}. */
    public static final String TOKEN_USAGE = "token-usage";
    /** Key message id; value {@code DeliveryEvent}. */
    public static final String DELIVERY_EVENTS = "delivery-events";

    /** The consumer group that shares {@code send-jobs} among dispatch workers. */
    public static final String DISPATCH_GROUP = "dispatch-workers";

    private Topics() {
    }

    /** A delay topic: a job put there waits at least {@code delay} before it is tried again. */
    public record RetryTier(String topic, Duration delay) {
    }

    /** Default partition count: {@code send-jobs} is the unit of worker scaling, so it gets more. */
    public static int partitions(String topic) {
        return SEND_JOBS.equals(topic) ? 6 : 3;
    }

    /**
     * Largest record on the job topics: one API send may carry 25 MiB of base64 attachments (API.md),
     * which the broker's default of 1 MiB per record would refuse.
     */
    public static final int MAX_JOB_RECORD_BYTES = 40 * 1024 * 1024;

    /**
     * Topic-level settings the contract depends on: the state topics ({@code token-changes},
     * {@code route-changes}, {@code domain-changes}) keep the latest state per key; the job topics take records up
     * to {@link #MAX_JOB_RECORD_BYTES}.
     */
    public static Map<String, String> configs(String topic) {
        if (TOKEN_CHANGES.equals(topic) || ROUTE_CHANGES.equals(topic) || DOMAIN_CHANGES.equals(topic)) {
            return Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0");
        }
        boolean jobs = SEND_JOBS.equals(topic) || SEND_JOBS_DLQ.equals(topic)
                || SEND_JOBS_RETRY.stream().anyMatch(tier -> tier.topic().equals(topic));
        return jobs ? Map.of("max.message.bytes", String.valueOf(MAX_JOB_RECORD_BYTES)) : Map.of();
    }

    public static List<String> all() {
        List<String> names = new java.util.ArrayList<>(List.of(TOKEN_CHANGES, ROUTE_CHANGES, DOMAIN_CHANGES,
                SEND_JOBS, SEND_JOBS_DLQ, TOKEN_USAGE, DELIVERY_EVENTS));
        SEND_JOBS_RETRY.forEach(tier -> names.add(tier.topic()));
        return List.copyOf(names);
    }
}
