package org.mintpost.token.inactive;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The clock tests may move (the auto-revoke job's interval is {@code mintpost.inactive.interval}). */
public final class InactiveConfig {

    private InactiveConfig() {
    }

    /** {@code mintpost.clock.*}. */
    @ConfigMapping(prefix = "mintpost.clock")
    public interface TestClock {
        /** Whether {@code /internal/clock} may move token-service's clock; only ever for tests. */
        @WithDefault("false")
        boolean adjustable();
    }
}
