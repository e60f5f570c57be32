package org.mintpost.audit.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Typed settings of audit-service ({@code mintpost.audit.*}); each one can be set by env var. */
@ConfigMapping(prefix = "mintpost.audit")
public interface AuditConfig {

    /** How long log rows and delivery events are kept, by their event time. ISO-8601, e.g. {@code P90D}. */
    @WithDefault("P90D")
    Duration retention();

    /** How long a message's content (its delivered MIME) is kept, by delivery time. */
    @WithDefault("P7D")
    Duration contentRetention();

    /** How often retention runs ({@code every} syntax, e.g. {@code 1h}); {@code off} disables it. */
    @WithDefault("1h")
    String retentionInterval();

    /** Delay after start before the first retention run. */
    @WithDefault("1m")
    String retentionInitialDelay();

    /** Rows deleted by one retention statement; keeps every delete short. */
    @WithDefault("10000")
    int retentionChunkSize();

    /** At most this many chunks per table in one retention run (the rest waits for the next run). */
    @WithDefault("1000")
    int retentionMaxChunksPerRun();

    /** Token log page size when {@code limit} is not given. */
    @WithDefault("25")
    int defaultPageSize();

    /** Largest {@code limit} a caller may ask for. */
    @WithDefault("100")
    int maxPageSize();

    /** {@code GET /v1/messages} and events page size when {@code page[size]} is not given (Lettermint: 30). */
    @WithDefault("30")
    int messagesDefaultPageSize();

    /** Largest {@code page[size]} of {@code GET /v1/messages}; larger asks are refused with 422. */
    @WithDefault("100")
    int messagesMaxPageSize();

    /** Largest {@code page[size]} of {@code GET /v1/messages/{id}/events}. */
    @WithDefault("1000")
    int maxMessageEvents();

    /**
     * A scheduled message can be canceled or rescheduled until this long before it is due (and a reschedule must be
     * at least this far ahead): the command must reach the workers before they take the message.
     */
    @WithDefault("PT5S")
    Duration scheduleChangeCutoff();

    /** How far ahead a reschedule may move a message. */
    @WithDefault("P30D")
    Duration scheduleMaxAhead();

    /** Longest date range of {@code GET /v1/stats}, in days. */
    @WithDefault("366")
    int statsMaxDays();

    /** First back-off when a batch cannot be stored (database down); doubles up to the max. */
    @WithDefault("PT0.2S")
    Duration storeRetryInitialBackoff();

    @WithDefault("PT30S")
    Duration storeRetryMaxBackoff();
}
