package org.mintpost.token.routes;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.mintpost.token.rest.Paging;
import org.mintpost.token.service.Errors;

/**
 * One page request of {@code GET /v1/projects/{id}/routes}: filters {@code filter[route_type]},
 * {@code filter[is_default]}, {@code filter[search]} (name or slug), sort {@code name}, {@code slug},
 * {@code created_at} ({@code -} descending, default {@code -created_at}). A project has few routes
 * ({@link RouteRules#MAX_ROUTES}), so they are filtered and sorted in memory and the cursor is a position.
 */
record RouteQuery(String type, Boolean isDefault, String search, String sort, int perPage, int offset) {

    static final int DEFAULT_PER_PAGE = 30;
    static final int MAX_PER_PAGE = 100;
    private static final Map<String, Comparator<Route>> ORDERS = Map.of(
            "name", by(r -> r.name.toLowerCase(Locale.ROOT)),
            "slug", by(r -> r.slug),
            "created_at", by(r -> r.createdAt));

    /** A page and the cursors around it. */
    record Page(List<Route> items, int perPage, String nextCursor, String prevCursor) {
    }

    static RouteQuery of(String type, String isDefault, String search, String sort, String size, String cursor) {
        Errors errors = new Errors();
        if (type != null && !type.isBlank() && !RouteRules.TYPES.contains(type.strip())) {
            errors.add("filter.route_type", "The selected filter.route_type is invalid.");
        }
        Boolean def = null;
        if (isDefault != null && !isDefault.isBlank()) {
            switch (isDefault.strip().toLowerCase(Locale.ROOT)) {
                case "true", "1" -> def = true;
                case "false", "0" -> def = false;
                default -> errors.add("filter.is_default", "The filter.is_default field must be true or false.");
            }
        }
        String order = sort == null || sort.isBlank() ? "-created_at" : sort.strip();
        if (!ORDERS.containsKey(order.startsWith("-") ? order.substring(1) : order)) {
            errors.add("sort", "The sort must be one of name, slug, created_at (- for descending).");
        }
        int perPage = Paging.size(size, DEFAULT_PER_PAGE, MAX_PER_PAGE, errors, "page.size", Paging.PAGE_SIZE_ERROR);
        int offset = cursor == null || cursor.isBlank() ? 0 : decode(cursor, order, errors);
        errors.throwIfAny();
        return new RouteQuery(type == null || type.isBlank() ? null : type.strip(), def,
                search == null || search.isBlank() ? null : search.strip().toLowerCase(Locale.ROOT), order,
                perPage, offset);
    }

    Page page(List<Route> routes) {
        Comparator<Route> order = ORDERS.get(sort.startsWith("-") ? sort.substring(1) : sort);
        if (sort.startsWith("-")) {
            order = order.reversed();
        }
        List<Route> matching = routes.stream()
                .filter(r -> type == null || type.equals(r.routeType))
                .filter(r -> isDefault == null || isDefault == r.isDefault)
                .filter(r -> search == null || r.name.toLowerCase(Locale.ROOT).contains(search)
                        || r.slug.contains(search))
                .sorted(order.thenComparing(r -> r.id))
                .toList();
        int from = Math.min(offset, matching.size());
        int to = Math.min(from + perPage, matching.size());
        return new Page(matching.subList(from, to), perPage, to < matching.size() ? encode(to) : null,
                from > 0 ? encode(Math.max(0, from - perPage)) : null);
    }

    private String encode(int position) {
        String raw = sort + "|" + position;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static int decode(String cursor, String sort, Errors errors) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8);
            int bar = raw.lastIndexOf('|');
            int position = Integer.parseInt(raw.substring(bar + 1));
            if (bar < 0 || !raw.substring(0, bar).equals(sort) || position < 0) {
                throw new IllegalArgumentException("another sort");
            }
            return position;
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            errors.add("cursor", "The cursor is not a valid cursor for this sort.");
            return 0;
        }
    }

    private static <T extends Comparable<T>> Comparator<Route> by(Function<Route, T> key) {
        return Comparator.comparing(key);
    }
}
