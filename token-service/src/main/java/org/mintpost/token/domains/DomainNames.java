package org.mintpost.token.domains;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

import org.mintpost.token.service.Errors;

/**
 * A sending domain's name as users type it, checked and normalised: trimmed, lower case, a trailing dot
 * dropped, an internationalised name in its ASCII ({@code xn--}) form; at least two labels of letters,
 * digits and inner hyphens (1–63 characters each, 253 in all), a top-level label that is not all digits.
 * Addresses, URLs and IP addresses are refused with a message that says what to give instead.
 */
final class DomainNames {

    static final int MAX = 253;
    private static final Pattern LABEL = Pattern.compile("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$");

    private DomainNames() {
    }

    /** The normalised name, or null with an error on {@code domain}. */
    static String normalise(Errors errors, String value) {
        if (value == null || value.isBlank()) {
            errors.add("domain", "The domain field is required.");
            return null;
        }
        String name = value.strip().toLowerCase(Locale.ROOT);
        if (name.contains("@") || name.contains("/") || name.contains(":")) {
            errors.add("domain", "The domain must be a domain name such as example.com, not an address or a URL.");
            return null;
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        try {
            name = IDN.toASCII(name, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            errors.add("domain", "The domain must be a valid domain name.");
            return null;
        }
        String[] labels = name.split("\\.", -1);
        boolean valid = name.length() <= MAX && labels.length >= 2;
        for (String label : labels) {
            valid &= LABEL.matcher(label).matches();
        }
        if (!valid || labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            errors.add("domain", "The domain must be a valid domain name such as example.com.");
            return null;
        }
        return name;
    }
}
