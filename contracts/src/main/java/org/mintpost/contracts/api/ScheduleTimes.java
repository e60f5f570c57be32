package org.mintpost.contracts.api;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code scheduled_at} as Lettermint reads it, the same for a send and a reschedule: an ISO 8601 date-time (one
 * without a zone is UTC; a date alone is its midnight, UTC), or English: {@code now}, {@code in 2 hours},
 * {@code +30 minutes}, {@code 3 days}, {@code tomorrow}, {@code today at 17:00}, {@code tomorrow at 9am},
 * {@code next monday 9:30am}, {@code friday noon}, {@code at 6pm}. English times are UTC; a day without a time is its
 * midnight; a weekday is the next one (today if it is that day), {@code next} one strictly after today. Whether
 * the time is far enough ahead is the caller's to check.
 */
public final class ScheduleTimes {

    /** What the error message says is accepted. */
    public static final String FORMS =
            "an ISO 8601 date-time, or English such as \"tomorrow at 9am\" or \"in 2 hours\"";

    private static final int MAX_LENGTH = 255;
    private static final String TIME = "(\\d{1,2})(?::(\\d{2}))? ?(am|pm)?|noon|midnight";
    private static final Pattern RELATIVE = Pattern.compile(
            "(?:in |\\+)?(\\d{1,4}) ?(minutes?|mins?|hours?|hrs?|days?|weeks?)(?: from now)?");
    private static final Pattern DAY_AT = Pattern.compile("(today|tomorrow|(next )?(monday|tuesday|wednesday|thursday"
            + "|friday|saturday|sunday))(?:(?: at)? (" + TIME + "))?");
    private static final Pattern AT = Pattern.compile("(?:at )?(" + TIME + ")");
    private static final Pattern TIME_PARTS = Pattern.compile(TIME);
    private static final Map<Character, Duration> UNITS = Map.of('m', Duration.ofMinutes(1), 'h', Duration.ofHours(1),
            'd', Duration.ofDays(1), 'w', Duration.ofDays(7));

    private ScheduleTimes() {
    }

    /** The instant the text names, {@code now} being the moment it is read; empty when it is none of the forms. */
    public static Optional<Instant> parse(String text, Instant now) {
        if (text == null || text.isBlank() || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String t = text.trim();
        Optional<Instant> iso = iso(t);
        return iso.isPresent() ? iso : english(t.toLowerCase(Locale.ROOT).replaceAll("\\s+", " "), now);
    }

    private static Optional<Instant> iso(String t) {
        try {
            return Optional.of(OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeException e) {
            // not with an offset
        }
        try {
            String local = t.length() > 10 && t.charAt(10) == ' ' ? t.substring(0, 10) + 'T' + t.substring(11) : t;
            return Optional.of(LocalDateTime.parse(local, DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                    .toInstant(ZoneOffset.UTC));
        } catch (DateTimeException e) {
            // not a local date-time
        }
        try {
            return Optional.of(LocalDate.parse(t, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay()
                    .toInstant(ZoneOffset.UTC));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> english(String t, Instant now) {
        if (t.equals("now")) {
            return Optional.of(now);
        }
        Matcher m = RELATIVE.matcher(t);
        if (m.matches()) {
            return Optional.of(now.plus(UNITS.get(m.group(2).charAt(0)).multipliedBy(Long.parseLong(m.group(1)))));
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        m = DAY_AT.matcher(t);
        if (m.matches()) {
            LocalDate day = switch (m.group(1)) {
                case "today" -> today;
                case "tomorrow" -> today.plusDays(1);
                default -> {
                    DayOfWeek weekday = DayOfWeek.valueOf(m.group(3).toUpperCase(Locale.ROOT));
                    yield today.with(m.group(2) != null ? TemporalAdjusters.next(weekday)
                            : TemporalAdjusters.nextOrSame(weekday));
                }
            };
            return at(day, m.group(4) == null ? "midnight" : m.group(4));
        }
        m = AT.matcher(t);
        return m.matches() ? at(today, m.group(1)) : Optional.empty();
    }

    /** The day at a time of {@link #TIME}; empty when the hour or minute is out of range. */
    private static Optional<Instant> at(LocalDate day, String time) {
        if (time.equals("noon") || time.equals("midnight")) {
            return Optional.of(day.atTime(time.equals("noon") ? LocalTime.NOON : LocalTime.MIDNIGHT)
                    .toInstant(ZoneOffset.UTC));
        }
        Matcher m = TIME_PARTS.matcher(time);
        if (!m.matches()) {
            return Optional.empty();
        }
        int hour = Integer.parseInt(m.group(1));
        int minute = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        String half = m.group(3);
        if (half != null) {
            if (hour < 1 || hour > 12) {
                return Optional.empty();
            }
            hour = hour % 12 + (half.equals("pm") ? 12 : 0);
        } else if (m.group(2) == null) {
            return Optional.empty(); // a bare number is no time
        }
        if (hour > 23 || minute > 59) {
            return Optional.empty();
        }
        return Optional.of(day.atTime(hour, minute).toInstant(ZoneOffset.UTC));
    }
}
