package org.mintpost.dispatch.dkim;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** DKIM signing ({@code MINTPOST_DKIM_*}). */
@ConfigMapping(prefix = "mintpost.dkim")
public interface DkimConfig {

    /**
     * Base64 of the 32-byte AES-256 key that opens the private keys sealed on {@code domain-changes}: the same
     * Secret as token-service's. Without it nothing is signed (and a warning says so at start).
     */
    Optional<String> keyEncryptionKey();

    /** Headers signed (relaxed/relaxed, rsa-sha256), those the message has. */
    @WithDefault("from:to:cc:subject:date:message-id:reply-to:mime-version:content-type:content-transfer-encoding"
            + ":list-unsubscribe:list-unsubscribe-post")
    String signedHeaders();

    /** How long after start deliveries wait for the domain keys to be read (after it, unread keys mean unsigned). */
    @WithDefault("30s")
    Duration startupWait();
}
