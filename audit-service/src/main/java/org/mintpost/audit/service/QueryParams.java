package org.mintpost.audit.service;

import java.util.Optional;

/** What the list endpoints ask of a raw query parameter before they validate it. */
final class QueryParams {

    private QueryParams() {
    }

    static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    /** A non-negative number of at most nine digits, or empty. */
    static Optional<Integer> integer(String value) {
        String v = value.trim();
        if (v.isEmpty() || v.length() > 9 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(v));
    }
}
