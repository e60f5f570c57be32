package org.mintpost.gateway.bounces;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Bounces coming back, prefix {@code mintpost.bounces}; each key can be overridden by its env var. */
@ConfigMapping(prefix = "mintpost.bounces")
public interface BounceConfig {

    /** The platform's bounce domain: every return path is at it; the relay takes mail for it without AUTH. */
    @WithDefault("bounces.localhost")
    String domain();

    /** Largest report taken (DATA) in a transaction without AUTH, in bytes. */
    @WithDefault("10485760")
    int maxMessageSize();
}
