package org.mintpost.token.workloads;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.jose4j.jwt.JwtClaims;

/** Matches a policy's conditions against an identity's claims: exact values, or {@code *} for any run of characters. */
final class ClaimMatch {

    private ClaimMatch() {
    }

    /** The first condition that does not match, or null when all do. */
    static String firstMismatch(Map<String, String> conditions, JwtClaims claims) {
        for (Map.Entry<String, String> c : conditions.entrySet()) {
            String value = text(claims.getClaimValue(c.getKey()));
            if (value == null || !matches(c.getValue(), value)) {
                return c.getKey();
            }
        }
        return null;
    }

    static boolean matches(String pattern, String value) {
        if (!pattern.contains("*")) {
            return pattern.equals(value);
        }
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (regex.length() > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(value).matches();
    }

    /** The claims the conditions name, as the identity stated them (for audit; values only, never the JWT). */
    static Map<String, String> named(Map<String, String> conditions, JwtClaims claims) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : conditions.keySet()) {
            String value = text(claims.getClaimValue(name));
            out.put(name, value == null ? "(absent)" : value);
        }
        return out;
    }

    static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return null;
    }
}
