package org.mintpost.token.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import io.quarkus.panache.common.Parameters;

/**
 * Keyset paging over one sort (a field, {@code -} for descending, then the id) with an opaque cursor of the sort
 * value and the id, so pages stay stable while rows are added: what the domain and suppression lists share. A
 * cursor that does not decode, or was made for another sort, is a 422 on {@code cursor}.
 *
 * @param sort      the sort as asked, e.g. {@code -created_at}
 * @param field     the entity field it sorts on, e.g. {@code createdAt}
 * @param timeField whether that field is an instant (the cursor carries it in microseconds)
 * @param after     where the page starts; null for the first page
 */
public record Keyset(String sort, String field, boolean timeField, Position after) {

    /** Where a page starts: after (forward) or before (backward) the row with this sort value and id. */
    public record Position(boolean forward, String value, UUID id) {
    }

    /** One page of rows, in the sort's order, with the cursors to the pages beside it (null at either end). */
    public record Page<T>(List<T> items, int perPage, String nextCursor, String prevCursor) {
    }

    /** {@code sort} already checked against the fields; {@code cursor} null or blank for the first page. */
    public static Keyset of(String sort, String field, boolean timeField, String cursor) {
        Position after = cursor == null || cursor.isBlank() ? null : decode(cursor, sort, timeField);
        return new Keyset(sort, field, timeField, after);
    }

    public boolean backward() {
        return after != null && !after.forward();
    }

    /** Rows come in this order (reversed when paging backward; {@link #page} turns them round). */
    private boolean ascending() {
        boolean asc = !sort.startsWith("-");
        return after == null || after.forward() ? asc : !asc;
    }

    /** What the query's where clause adds to start after the position; empty on the first page. */
    public String condition() {
        if (after == null) {
            return "";
        }
        String cmp = ascending() ? ">" : "<";
        return " and (" + field + ' ' + cmp + " :after or (" + field + " = :after and id " + cmp + " :afterId))";
    }

    public String orderBy() {
        String dir = ascending() ? " asc" : " desc";
        return field + dir + ", id" + dir;
    }

    /** Binds {@link #condition}'s parameters. */
    public Parameters bind(Parameters p) {
        return after == null ? p
                : p.and("after", timeField ? instant(after.value()) : after.value()).and("afterId", after.id());
    }

    /**
     * The page of {@code rows} (fetched with {@code perPage + 1} as the limit, so one more tells there is a next
     * page), {@code value} giving a row's sort value as {@link #cursorValue} does.
     */
    public <T> Page<T> page(List<T> rows, int perPage, Function<T, String> value, Function<T, UUID> id) {
        boolean more = rows.size() > perPage;
        List<T> items = new ArrayList<>(more ? rows.subList(0, perPage) : rows);
        if (backward()) {
            Collections.reverse(items);
        }
        if (items.isEmpty()) {
            return new Page<>(List.of(), perPage, null, null);
        }
        boolean hasNext = backward() || more;
        boolean hasPrev = backward() ? more : after != null;
        T last = items.get(items.size() - 1);
        T first = items.get(0);
        return new Page<>(List.copyOf(items), perPage,
                hasNext ? cursorAt(value.apply(last), id.apply(last), true) : null,
                hasPrev ? cursorAt(value.apply(first), id.apply(first), false) : null);
    }

    /** The cursor that continues after ({@code forward}) or before the row with this sort value and id. */
    String cursorAt(String value, UUID id, boolean forward) {
        String raw = (forward ? "n" : "p") + "|" + sort + "|" + value + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** A time field's value in a cursor: microseconds since the epoch. */
    public static String cursorValue(Instant at) {
        return Long.toString(at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000);
    }

    private static Position decode(String cursor, String sort, boolean timeField) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\|", -1);
            if (parts.length != 4 || !(parts[0].equals("n") || parts[0].equals("p")) || !parts[1].equals(sort)) {
                throw invalid();
            }
            if (timeField) {
                instant(parts[2]);
            }
            return new Position(parts[0].equals("n"), parts[2], UUID.fromString(parts[3]));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw invalid();
        }
    }

    private static Instant instant(String micros) {
        long value = Long.parseLong(micros);
        return Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L);
    }

    private static ValidationFailed invalid() {
        return ValidationFailed.of("cursor", "The cursor is not a valid cursor for this sort.");
    }
}
