package org.mintpost.token.workloads;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.token.service.Errors;
import org.mintpost.token.service.Validation;

import com.fasterxml.jackson.databind.JsonNode;

/** Checks a new policy: the issuer on the allowlist, conditions that pin a workload, a TTL within bounds. */
@ApplicationScoped
public class PolicyRules {

    /** A policy must pin at least one of these, so that it can never trust a whole issuer. */
    static final Set<String> PINNING_CLAIMS = Set.of("sub", "repository", "project_path");
    static final int URL_MAX = 500;
    static final int CLAIM_MAX = 100;
    static final int VALUE_MAX = 500;
    static final int MAX_CONDITIONS = 20;
    static final int TTL_MIN = 60;
    static final int TTL_MAX = 3600;
    static final int TTL_DEFAULT = 900;

    /** A policy as asked for, before validation. */
    public record NewPolicy(String name, String issuer, String audience, JsonNode conditions, Long tokenTtlSeconds,
            List<String> allowedIps) {
    }

    /** A policy that passed validation. */
    public record ValidPolicy(String name, String issuer, String audience, Map<String, String> conditions,
            int tokenTtlSeconds, List<String> allowedIps) {
    }

    private final Issuers issuers;

    public PolicyRules(Issuers issuers) {
        this.issuers = issuers;
    }

    public ValidPolicy check(NewPolicy input) {
        Errors errors = new Errors();
        String name = Validation.name(errors, "name", input.name(), Validation.TOKEN_NAME_MAX, true);
        String issuer = Validation.name(errors, "issuer", input.issuer(), URL_MAX, true);
        if (issuer != null) {
            checkIssuer(errors, issuer);
        }
        String audience = Validation.name(errors, "audience", input.audience(), URL_MAX, true);
        Map<String, String> conditions = conditions(errors, input.conditions());
        int ttl = TTL_DEFAULT;
        if (input.tokenTtlSeconds() != null) {
            long asked = input.tokenTtlSeconds();
            if (asked < TTL_MIN || asked > TTL_MAX) {
                errors.add("token_ttl_seconds", "The token_ttl_seconds field must be between " + TTL_MIN + " and "
                        + TTL_MAX + ".");
            } else {
                ttl = (int) asked;
            }
        }
        List<String> ips = Validation.allowedIps(errors, input.allowedIps());
        errors.throwIfAny();
        return new ValidPolicy(name, issuer, audience, conditions, ttl, ips);
    }

    private void checkIssuer(Errors errors, String issuer) {
        URI uri;
        try {
            uri = URI.create(issuer);
        } catch (IllegalArgumentException e) {
            errors.add("issuer", "The issuer field must be a URL.");
            return;
        }
        if (!"https".equals(uri.getScheme()) && !("http".equals(uri.getScheme()) && issuers.insecureAllowed())) {
            errors.add("issuer", "The issuer must be an https URL.");
        } else if (!issuers.allowed(issuer)) {
            errors.add("issuer", "The issuer is not on this platform's list of trusted issuers.");
        }
    }

    private static Map<String, String> conditions(Errors errors, JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            errors.add("conditions", "The conditions field is required: at least one of sub, repository or"
                    + " project_path.");
            return Map.of();
        }
        if (!node.isObject()) {
            errors.add("conditions", "The conditions field must be an object of claim names to values.");
            return Map.of();
        }
        if (node.size() > MAX_CONDITIONS) {
            errors.add("conditions", "The conditions field must not have more than " + MAX_CONDITIONS + " claims.");
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        boolean pinned = false;
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String claim = e.getKey();
            String field = "conditions." + claim;
            JsonNode value = e.getValue();
            if (claim.isBlank() || claim.length() > CLAIM_MAX || claim.chars().anyMatch(Character::isISOControl)) {
                errors.add("conditions", "Each claim name must be 1 to " + CLAIM_MAX + " printable characters.");
                continue;
            }
            if (value == null || !value.isTextual() || value.textValue().isBlank()
                    || value.textValue().length() > VALUE_MAX
                    || value.textValue().chars().anyMatch(Character::isISOControl)) {
                errors.add(field, "The " + field + " field must be a string of 1 to " + VALUE_MAX + " characters.");
                continue;
            }
            String text = value.textValue();
            out.put(claim, text);
            if (PINNING_CLAIMS.contains(claim) && !text.replace("*", "").isEmpty()) {
                pinned = true;
            }
        }
        if (!pinned && !errors.has("conditions")) {
            errors.add("conditions", "The conditions must pin at least one of sub, repository or project_path to a"
                    + " value that is not only a wildcard.");
        }
        return out;
    }
}
