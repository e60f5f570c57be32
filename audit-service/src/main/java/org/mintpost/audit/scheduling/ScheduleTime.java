package org.mintpost.audit.scheduling;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import org.mintpost.audit.service.InvalidRequestException;

/** A reschedule's {@code scheduled_at}: an ISO 8601 date-time with an offset, far enough ahead and not too far. */
final class ScheduleTime {

    static final String FIELD = "scheduled_at";

    private ScheduleTime() {
    }

    static Instant parse(Object value, Instant now, Duration cutoff, Duration maxAhead) {
        if (value == null) {
            throw invalid("The scheduled_at field is required.");
        }
        if (!(value instanceof String text)) {
            throw invalid("The scheduled_at field must be an ISO 8601 date-time string.");
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(text.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException e) {
            throw invalid("The scheduled_at field must be an ISO 8601 date-time with an offset.");
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
