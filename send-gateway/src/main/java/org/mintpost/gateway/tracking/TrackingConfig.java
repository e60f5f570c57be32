package org.mintpost.gateway.tracking;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The edge's tracking endpoints ({@code mintpost.tracking.*}); the key is the worker's too. */
@ConfigMapping(prefix = "mintpost.tracking")
public interface TrackingConfig {

    /** HMAC key shared with dispatch-worker (env {@code MINTPOST_TRACKING_KEY}); without it every id is 404. */
    Optional<String> key();

    /** A click this soon after the worker made the message is a link scanner's. */
    @WithDefault("10s")
    Duration machineClickWindow();

    /** Open and click events published per message and minute at most; further hits are answered, not recorded. */
    @WithDefault("20")
    int hitsPerMessageMinute();
}
