package org.mintpost.token.workloads;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Trusted workloads (issue #28): which OIDC issuers may be trusted and how their keys are fetched. */
@ConfigMapping(prefix = "mintpost.trusted-workloads")
public interface WorkloadsConfig {

    /** Issuers a policy may name, exact URLs ({@code MINTPOST_TRUSTED_WORKLOADS_ISSUERS}, comma-separated). */
    @WithDefault("https://token.actions.githubusercontent.com,https://gitlab.com")
    List<String> issuers();

    /** Lets an {@code http://} issuer on the list be trusted (the local stack and tests only). */
    @WithDefault("false")
    boolean allowInsecureIssuers();

    /** Deadline for one fetch of an issuer's discovery document or JWKS (503 beyond). */
    @WithDefault("3s")
    Duration fetchTimeout();

    /** How long fetched keys are used before they are fetched again. */
    @WithDefault("1h")
    Duration keysCacheTtl();

    /** An identity token naming a key id we do not know fetches the keys again at most this often per issuer. */
    @WithDefault("1m")
    Duration keysRefetchInterval();

    /** Exchanges allowed per client IP and minute (429 beyond). */
    @WithDefault("60")
    int exchangesPerIpPerMinute();

    /** Exchanges allowed per issuer and minute (429 beyond). */
    @WithDefault("600")
    int exchangesPerIssuerPerMinute();

    /** Largest exchange request body (413 beyond); identity tokens are a few kilobytes. */
    @WithDefault("16384")
    int maxBodyBytes();
}
