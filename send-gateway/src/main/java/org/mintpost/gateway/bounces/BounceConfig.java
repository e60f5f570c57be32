package org.mintpost.gateway.bounces;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The bounce listener, prefix {@code mintpost.bounces}; each key can be overridden by its env var. */
@ConfigMapping(prefix = "mintpost.bounces")
public interface BounceConfig {

    /** The platform's bounce domain: every return path is at it, and the listener takes mail for it only. */
    @WithDefault("bounces.localhost")
    String domain();

    /** The listener's port (the bounce domain's MX, no AUTH); 0 picks a free port (tests); negative: none. */
    @WithDefault("2526")
    int port();

    /** Address the listener binds to. */
    @WithDefault("0.0.0.0")
    String host();

    /** Largest report taken (DATA), in bytes. */
    @WithDefault("10485760")
    int maxMessageSize();

    /** Sessions open at once. */
    @WithDefault("200")
    int maxSessions();
}
