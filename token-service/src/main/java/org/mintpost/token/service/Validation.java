package org.mintpost.token.service;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Field rules shared by the Team API's inputs. */
public final class Validation {

    public static final int TOKEN_NAME_MAX = 100;
    public static final int PROJECT_NAME_MAX = 255;
    public static final int MAX_ALLOWED_IPS = 100;
    public static final long MAX_GRACE_SECONDS = 604_800;

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private Validation() {
    }

    /** A project's {@code delivery_mode}: {@code live} or {@code sandbox}; null (unchanged) or an error otherwise. */
    public static String deliveryMode(Errors errors, String value) {
        if (value == null || "live".equals(value) || "sandbox".equals(value)) {
            return value;
        }
        errors.add("delivery_mode", "The selected delivery_mode is invalid: it must be live or sandbox.");
        return null;
    }

    /** Trimmed name of 1..max characters, or null with an error recorded. */
    public static String name(Errors errors, String field, String value, int max, boolean required) {
        if (value == null) {
            if (required) {
                errors.add(field, "The " + field + " field is required.");
            }
            return null;
        }
        String trimmed = value.strip();
        if (trimmed.isEmpty()) {
            errors.add(field, "The " + field + " field is required.");
            return null;
        }
        if (trimmed.codePointCount(0, trimmed.length()) > max) {
            errors.add(field, "The " + field + " field must not be greater than " + max + " characters.");
            return null;
        }
        if (trimmed.chars().anyMatch(Character::isISOControl)) {
            errors.add(field, "The " + field + " field must not contain control characters.");
            return null;
        }
        return trimmed;
    }

    /** IPv4/IPv6 addresses or CIDRs, trimmed; each bad one named by its index. */
    public static List<String> allowedIps(Errors errors, List<String> values) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > MAX_ALLOWED_IPS) {
            errors.add("allowed_ips", "The allowed_ips field must not have more than " + MAX_ALLOWED_IPS + " items.");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i) == null ? "" : values.get(i).strip();
            if (!isIpOrCidr(v)) {
                errors.add("allowed_ips." + i, "The allowed_ips." + i
                        + " field must be a valid IPv4 or IPv6 address or CIDR range.");
            } else if (!out.contains(v)) {
                out.add(v);
            }
        }
        return List.copyOf(out);
    }

    public static boolean isIpOrCidr(String value) {
        if (value == null || value.isEmpty() || value.length() > 64) {
            return false;
        }
        String address = value;
        Integer prefix = null;
        int slash = value.indexOf('/');
        if (slash >= 0) {
            String bits = value.substring(slash + 1);
            if (bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(Character::isDigit)) {
                return false;
            }
            prefix = Integer.parseInt(bits);
            address = value.substring(0, slash);
        }
        if (IPV4.matcher(address).matches()) {
            for (String octet : address.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return false;
                }
            }
            return prefix == null || prefix <= 32;
        }
        if (address.contains(":") && IPV6_CHARS.matcher(address).matches()) {
            try {
                // a literal: no name lookup happens for a string of only hex digits, colons and dots
                InetAddress parsed = InetAddress.getByName("[" + address + "]");
                return parsed.getAddress().length == 16 ? (prefix == null || prefix <= 128)
                        : (prefix == null || prefix <= 32);
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    public static Instant futureInstant(Errors errors, String field, Instant value, Instant now) {
        if (value != null && !value.isAfter(now)) {
            errors.add(field, "The " + field + " field must be a date in the future.");
            return null;
        }
        return value;
    }

    public static Long graceSeconds(Errors errors, Long value) {
        if (value != null && (value < 0 || value > MAX_GRACE_SECONDS)) {
            errors.add("expire_previous_in", "The expire_previous_in field must be between 0 and "
                    + MAX_GRACE_SECONDS + " seconds.");
            return null;
        }
        return value;
    }
}
