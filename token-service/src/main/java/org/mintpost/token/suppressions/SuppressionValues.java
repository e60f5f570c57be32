package org.mintpost.token.suppressions;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.mintpost.contracts.event.SuppressionChanged;

/**
 * What one entry of {@code email}/{@code emails} suppresses, by its form: {@code user@example.com} is an
 * {@code email} entry (that address), {@code @example.com} a {@code domain} entry (every address at that domain,
 * not its subdomains), {@code .example} an {@code extension} entry (every address whose domain ends with it).
 * Values are kept in lower case; anything else is a validation error naming the entry.
 */
final class SuppressionValues {

    static final List<String> SCOPES = List.of(SuppressionChanged.SCOPE_TEAM, SuppressionChanged.SCOPE_PROJECT,
            SuppressionChanged.SCOPE_ROUTE);
    static final List<String> REASONS = List.of(SuppressionChanged.REASON_HARD_BOUNCE,
            SuppressionChanged.REASON_SPAM_COMPLAINT, SuppressionChanged.REASON_UNSUBSCRIBE,
            SuppressionChanged.REASON_MANUAL);
    static final int MAX_LENGTH = 320;

    private static final String LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
    private static final Pattern DOMAIN = Pattern.compile(LABEL + "(?:\\." + LABEL + ")+");
    private static final Pattern EXTENSION = Pattern.compile("(?:\\." + LABEL + ")+");
    private static final Pattern LOCAL = Pattern.compile("[a-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}");

    /** A classified entry. */
    record Entry(String type, String value) {
    }

    private SuppressionValues() {
    }

    /** The entry {@code raw} names, or null (with no error recorded) when it is not one of the three forms. */
    static Entry parse(String raw) {
        if (raw == null) {
            return null;
        }
        String v = raw.strip().toLowerCase(Locale.ROOT);
        if (v.isEmpty() || v.length() > MAX_LENGTH) {
            return null;
        }
        if (v.startsWith("@")) {
            return DOMAIN.matcher(v.substring(1)).matches() ? new Entry(SuppressionChanged.TYPE_DOMAIN, v.substring(1))
                    : null;
        }
        if (v.startsWith(".")) {
            return EXTENSION.matcher(v).matches() ? new Entry(SuppressionChanged.TYPE_EXTENSION, v) : null;
        }
        int at = v.lastIndexOf('@');
        if (at < 1) {
            return null;
        }
        String local = v.substring(0, at);
        boolean ok = LOCAL.matcher(local).matches() && !local.startsWith(".") && !local.endsWith(".")
                && !local.contains("..") && DOMAIN.matcher(v.substring(at + 1)).matches();
        return ok ? new Entry(SuppressionChanged.TYPE_EMAIL, v) : null;
    }
}
