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
    /**
     * Compacted; key suppression id; value {@code SuppressionChanged}: one entry of a team's suppression list
     * (a tombstone-like {@code deleted} state when removed). The workers read it to skip suppressed recipients.
     */
    public static final String SUPPRESSION_CHANGES = "suppression-changes";

    /** The compacted topics: each holds the latest full state of one entity per key. */
    public static final java.util.Set<String> STATE_TOPICS = java.util.Set.of(TOKEN_CHANGES, ROUTE_CHANGES,
            DOMAIN_CHANGES, SUPPRESSION_CHANGES);
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
    /** Key message id; value {@code MessageSource}: the MIME as delivered, gzip-compressed (message content). */
    public static final String MESSAGE_CONTENT = "message-content";
    /**
     * Key message id; value {@code MessageCommand}: a cancel or reschedule of a scheduled message, accepted by
     * audit-service and applied by one dispatch worker (group {@link #SCHEDULE_COMMANDS_GROUP}).
     */
    public static final String MESSAGE_COMMANDS = "message-commands";

    /** The consumer group that shares {@code send-jobs} among dispatch workers. */
    public static final String DISPATCH_GROUP = "dispatch-workers";
    /** The consumer group that shares {@code message-commands} among dispatch workers. */
    public static final String SCHEDULE_COMMANDS_GROUP = "dispatch-schedule-commands";

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
     * Largest job the edge puts on {@code send-jobs} (its producer's {@code max.request.size}): one API send may
     * carry 25 MiB of base64 attachments and a relayed message 25 MiB of raw MIME (API.md), which the broker's
     * default of 1 MiB per record would refuse. The one number behind every size limit on the job path; a
     * deployment changes it with {@code mintpost.max-job-bytes} (env {@code MINTPOST_MAX_JOB_BYTES}), and the
     * topics, the broker and the worker follow with {@link #jobTopicMaxBytes(int)}.
     */
    public static final int MAX_JOB_RECORD_BYTES = 40 * 1024 * 1024;

    /**
     * What a worker may add to an accepted job when it puts it back on a delay topic or the dead-letter topic
     * (attempt count, the last reply, the dead-letter reason in headers): the job topics, the broker and the
     * worker's producer take this much more than the edge accepts, so a job the edge accepted can always be
     * put back.
     */
    public static final int JOB_RECORD_HEADROOM = 64 * 1024;

    /** The record size the job topics, the broker and the worker's producer take for jobs up to {@code maxJobBytes}. */
    public static int jobTopicMaxBytes(int maxJobBytes) {
        return maxJobBytes + JOB_RECORD_HEADROOM;
    }

    /** {@link #configs(String, int)} for the default job size. */
    public static Map<String, String> configs(String topic) {
        return configs(topic, MAX_JOB_RECORD_BYTES);
    }

    /**
     * Topic-level settings the contract depends on: the state topics ({@link #STATE_TOPICS}) keep the latest
     * state per key; the job topics take jobs of up to {@code maxJobBytes} plus the worker's
     * {@link #JOB_RECORD_HEADROOM}.
     */
    public static Map<String, String> configs(String topic, int maxJobBytes) {
        if (STATE_TOPICS.contains(topic)) {
            return Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0");
        }
        return isJobTopic(topic) ? Map.of("max.message.bytes", String.valueOf(jobTopicMaxBytes(maxJobBytes)))
                : Map.of();
    }

    /** {@code send-jobs}, its delay topics and its dead-letter topic: the topics that carry whole jobs. */
    public static boolean isJobTopic(String topic) {
        return SEND_JOBS.equals(topic) || SEND_JOBS_DLQ.equals(topic)
                || SEND_JOBS_RETRY.stream().anyMatch(tier -> tier.topic().equals(topic));
    }

    public static List<String> all() {
        List<String> names = new java.util.ArrayList<>(List.of(TOKEN_CHANGES, ROUTE_CHANGES, DOMAIN_CHANGES,
                SUPPRESSION_CHANGES, SEND_JOBS, SEND_JOBS_DLQ, TOKEN_USAGE, DELIVERY_EVENTS, MESSAGE_CONTENT,
                MESSAGE_COMMANDS));
        SEND_JOBS_RETRY.forEach(tier -> names.add(tier.topic()));
        return List.copyOf(names);
    }
}
