package org.mintpost.token.rest;

import jakarta.ws.rs.core.UriInfo;

import org.mintpost.token.service.Errors;

/** The cursor pages every list of this service shares: reading the page size, and the links to other pages. */
public final class Paging {

    /** The error a page size that is not a positive integer gets under {@code page.size}. */
    public static final String PAGE_SIZE_ERROR = "The page size must be an integer of at least 1.";

    private Paging() {
    }

    /**
     * The page size asked for, {@code fallback} when none, at most {@code max}; anything but a positive integer is
     * added to {@code errors} under {@code key} (the caller throws once every parameter is read).
     */
    public static int size(String value, int fallback, int max, Errors errors, String key, String message) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            parsed = -1;
        }
        if (parsed < 1) {
            errors.add(key, message);
            return fallback;
        }
        return Math.min(parsed, max);
    }

    /** {@link #size} for a resource that reads nothing else: a bad size is answered at once. */
    public static int size(String value, int fallback, int max) {
        Errors errors = new Errors();
        int size = size(value, fallback, max, errors, "page.size", PAGE_SIZE_ERROR);
        errors.throwIfAny();
        return size;
    }

    /** This request's URL with {@code page[cursor]} set to {@code cursor} (any {@code cursor} dropped); null for none. */
    public static String pageUrl(UriInfo uri, String cursor) {
        if (cursor == null) {
            return null;
        }
        var builder = uri.getRequestUriBuilder().replaceQueryParam("cursor").replaceQueryParam("page[cursor]");
        return builder.queryParam("page[cursor]", cursor).build().toString();
    }
}
