package org.mintpost.dispatch.repository;

import java.time.Instant;
import java.util.Map;

import org.mintpost.contracts.kafka.EventJson;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * What the delivered ledger keeps of a finished message: the upstream's final answer, so that a job handed out
 * again publishes the same outcome events (same ids) instead of sending the message again. Written right after
 * the upstream's reply, before the events are published: whenever the mail went out, its outcome is published
 * at least once.
 *
 * @param status   {@code delivered} or {@code hard_bounced}
 * @param attempt  the attempt that ended the message (1 for the first)
 * @param at       when the upstream answered, epoch milliseconds
 * @param refused  the recipients a {@code delivered} attempt did not reach (bare address to its own reply): those
 *                 refused for good, and those left for a retry of their own; null when none
 */
public record Finished(String status, Integer code, String response, int attempt, long at, String subject,
        Map<String, Refusal> refused) {

    /** One recipient's reply in an attempt that others' servers took. */
    public record Refusal(boolean permanent, Integer code, String response) {
    }

    @JsonCreator
    public Finished {
    }

    public Finished(String status, Integer code, String response, int attempt, long at, String subject) {
        this(status, code, response, attempt, at, subject, null);
    }

    /** What a ledger written before outcomes were kept says: finished, outcome unknown. */
    static final String LEGACY = "1";

    public Instant occurredAt() {
        return Instant.ofEpochMilli(at);
    }

    String encode() {
        try {
            return EventJson.MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a ledger entry", e);
        }
    }

    /** The entry, or null when it holds no outcome (an entry written before outcomes were kept). */
    static Finished decode(String value) {
        if (value == null || !value.startsWith("{")) {
            return null;
        }
        try {
            return EventJson.MAPPER.readValue(value, Finished.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
