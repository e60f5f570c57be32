package org.mintpost.token.routes;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.mintpost.token.service.Errors;

/** What a route's fields may hold, and the slug made from a name when none is given. */
final class RouteRules {

    static final int NAME_MAX = 255;
    static final int SLUG_MAX = 100;
    /** Routes per project: a project's routes are listed and paged in memory. */
    static final int MAX_ROUTES = 100;
    static final List<String> TYPES = List.of(Route.TRANSACTIONAL, Route.BROADCAST, Route.INBOUND);
    static final Set<String> TLS = Set.of("opportunistic", "enforced");
    /** The edge accepts a {@code route} of this form (case-insensitive); stored slugs are lower case. */
    static final Pattern SLUG = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,99}$");

    static final String DEFAULT_SLUG = "outgoing";
    static final String BROADCAST_SLUG = "broadcast";

    private RouteRules() {
    }

    static String name(Errors errors, String value, boolean required) {
        if (value == null) {
            if (required) {
                errors.add("name", "The name field is required.");
            }
            return null;
        }
        String name = value.strip();
        if (name.isEmpty()) {
            errors.add("name", "The name field is required.");
        } else if (name.length() > NAME_MAX) {
            errors.add("name", "The name must not be greater than " + NAME_MAX + " characters.");
        } else if (name.chars().anyMatch(Character::isISOControl)) {
            errors.add("name", "The name must not contain control characters.");
        }
        return name;
    }

    static String type(Errors errors, String value) {
        if (value == null) {
            errors.add("route_type", "The route type field is required.");
        } else if (!TYPES.contains(value)) {
            errors.add("route_type", "The selected route type is invalid (transactional, broadcast or inbound).");
        }
        return value;
    }

    /** A given slug, lower-cased; null when none is given. */
    static String slug(Errors errors, String value) {
        if (value == null) {
            return null;
        }
        String slug = value.strip().toLowerCase(Locale.ROOT);
        if (!SLUG.matcher(slug).matches()) {
            errors.add("slug", "The slug must be 1 to " + SLUG_MAX + " lower case letters, digits, - and _, "
                    + "starting with a letter or digit.");
        }
        return slug;
    }

    /** A slug made from a name: ASCII, lower case, runs of anything else as one {@code -}. */
    static String slugOf(String name) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "-").replaceAll("^[-_]+|-+$", "");
        if (slug.length() > SLUG_MAX - 4) {
            slug = slug.substring(0, SLUG_MAX - 4).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "route" : slug;
    }

    static void tls(Errors errors, String value) {
        if (value != null && !TLS.contains(value)) {
            errors.add("settings.tls", "The selected settings.tls is invalid (opportunistic or enforced).");
        }
    }
}
