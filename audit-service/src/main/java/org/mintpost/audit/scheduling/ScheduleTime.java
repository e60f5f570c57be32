package org.mintpost.audit.scheduling;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.mintpost.audit.service.InvalidRequestException;
import org.mintpost.contracts.api.ScheduleTimes;

/**
 * A reschedule's {@code scheduled_at}, read as a send's is ({@link ScheduleTimes}), far enough ahead and not too
 * far.
 */
final class ScheduleTime {

    static final String FIELD = "scheduled_at";

    private ScheduleTime() {
    }

    static Instant parse(Object value, Instant now, Duration cutoff, Duration maxAhead) {
        if (value == null) {
            throw invalid("The scheduled_at field is required.");
        }
        Instant at = value instanceof String text ? ScheduleTimes.parse(text, now).orElse(null) : null;
        if (at == null) {
            throw invalid("The scheduled_at field must be " + ScheduleTimes.FORMS + ".");
        }
        if (!at.isAfter(now.plus(cutoff))) {
            throw invalid("The scheduled_at field must be more than " + cutoff.toSeconds()
                    + " seconds in the future.");
        }
        if (at.isAfter(now.plus(maxAhead))) {
            throw invalid("The scheduled_at field must be at most " + maxAhead.toDays() + " days ahead.");
        }
        return at;
    }

    private static InvalidRequestException invalid(String message) {
        return new InvalidRequestException(Map.of(FIELD, List.of(message)));
    }
}
