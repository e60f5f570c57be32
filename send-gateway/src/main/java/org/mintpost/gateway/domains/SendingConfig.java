package org.mintpost.gateway.domains;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The sender policy's switch ({@code MINTPOST_SENDING_REQUIRE_VERIFIED_DOMAIN}). */
@ConfigMapping(prefix = "mintpost.sending")
public interface SendingConfig {

    /**
     * Whether a From (HTTP and SMTP) must be on a domain verified and attached to the token's project.
     * On by default and in Kubernetes; the local stack turns it off so its first curl works at once.
     */
    @WithDefault("true")
    boolean requireVerifiedDomain();
}
