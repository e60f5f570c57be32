package org.mintpost.token.service;

import java.time.Instant;
import java.util.List;

/** Validated-for-type inputs of the Team API (the REST layer has checked JSON types). */
public final class Inputs {

    private Inputs() {
    }

    /**
     * {@code initialRoutes}: {@code both} (null), {@code transactional} or {@code broadcast}; {@code deliveryMode}:
     * {@code live} (null) or {@code sandbox}.
     */
    public record NewProject(String name, Boolean smtpEnabled, Boolean shortToken, String initialRoutes,
            String deliveryMode) {
    }

    /** Fields left null are unchanged. */
    public record ProjectChanges(String name, Boolean smtpEnabled, Boolean redactEmailContent,
            String defaultRouteId, String deliveryMode) {
    }

    /** {@code permissions} is null for project tokens. */
    public record NewToken(String name, Instant expiresAt, List<String> allowedIps, List<String> permissions) {
    }
}
