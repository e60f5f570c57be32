package org.mintpost.dispatch.tracking;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where tracking URLs point and how they are signed ({@code mintpost.tracking.*}); the key is the edge's too. */
@ConfigMapping(prefix = "mintpost.tracking")
public interface TrackingConfig {

    /** HMAC key shared with send-gateway (env {@code MINTPOST_TRACKING_KEY}); without it nothing is rewritten. */
    Optional<String> key();

    /** The edge's public base URL (env {@code MINTPOST_TRACKING_BASE_URL}). */
    @WithDefault("http://127.0.0.1:8080")
    String baseUrl();

    /** A mailbox that takes unsubscribe mails, added to {@code List-Unsubscribe} as {@code <mailto:…>} when set. */
    Optional<String> unsubscribeMailto();
}
