package org.mintpost.dispatch.direct;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A domain's MTA-STS policy (RFC 8461 §3.2): its mode, the MX host patterns its certificates are valid for, and how
 * long it may be cached. {@link #NONE} for a domain without one (or whose policy cannot be had).
 */
public record MtaStsPolicy(String id, Mode mode, List<String> mx, Duration maxAge) {

    public enum Mode { ENFORCE, TESTING, NONE }

    public static final MtaStsPolicy NONE = new MtaStsPolicy(null, Mode.NONE, List.of(), Duration.ZERO);

    /** True when delivery must use verified TLS to a host the policy names. */
    public boolean enforced() {
        return mode == Mode.ENFORCE;
    }

    /** Whether {@code host} is named by the policy: exactly, or by a {@code *.} pattern for one more label. */
    public boolean allows(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String pattern : mx) {
            if (pattern.startsWith("*.")) {
                String suffix = pattern.substring(1);
                if (h.endsWith(suffix) && h.indexOf('.') == h.length() - suffix.length()) {
                    return true;
                }
            } else if (pattern.equals(h)) {
                return true;
            }
        }
        return false;
    }

    /** Parses a policy body; null when it is not a valid STSv1 policy. */
    static MtaStsPolicy parse(String id, String body) {
        String version = null;
        Mode mode = null;
        Long maxAge = null;
        List<String> mx = new ArrayList<>();
        for (String raw : body.split("\r?\n")) {
            int colon = raw.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = raw.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = raw.substring(colon + 1).strip();
            switch (key) {
                case "version" -> version = value;
                case "mode" -> mode = switch (value.toLowerCase(Locale.ROOT)) {
                    case "enforce" -> Mode.ENFORCE;
                    case "testing" -> Mode.TESTING;
                    case "none" -> Mode.NONE;
                    default -> null;
                };
                case "mx" -> mx.add(value.toLowerCase(Locale.ROOT));
                case "max_age" -> maxAge = parseLong(value);
                default -> {
                    // extensions are ignored (§3.2)
                }
            }
        }
        if (!"STSv1".equals(version) || mode == null || maxAge == null || (mode != Mode.NONE && mx.isEmpty())) {
            return null;
        }
        // at most a year (§3.2)
        return new MtaStsPolicy(id, mode, List.copyOf(mx), Duration.ofSeconds(Math.min(maxAge, 31557600L)));
    }

    private static Long parseLong(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
