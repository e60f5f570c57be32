package org.mintpost.token.suppressions;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The soft-bounce rule, prefix {@code mintpost.suppressions.soft-bounce} (env {@code MINTPOST_SUPPRESSIONS_SOFT_BOUNCE_*}). */
@ConfigMapping(prefix = "mintpost.suppressions.soft-bounce")
public interface SoftBounceConfig {

    /** Distinct messages soft-bouncing in a row that make a hard bounce; 0 turns the rule off. */
    @WithDefault("5")
    int messages();

    /** The longest a streak may last, from its first soft bounce. */
    @WithDefault("P7D")
    Duration window();

    /** How often the addresses with a streak are reloaded from the database. */
    @WithDefault("2s")
    Duration refresh();
}
