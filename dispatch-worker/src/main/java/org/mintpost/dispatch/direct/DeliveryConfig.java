package org.mintpost.dispatch.direct;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** How messages leave the worker ({@code mintpost.delivery.*}, env {@code MINTPOST_DELIVERY_*}). */
@ConfigMapping(prefix = "mintpost.delivery")
public interface DeliveryConfig {

    /** {@code smarthost}: everything to {@code mintpost.upstream.*}; {@code direct}: to the recipients' MX hosts. */
    @WithDefault("smarthost")
    String mode();

    /** The name said in {@code EHLO}; it should resolve back to the worker's public address. Empty: the local name. */
    Optional<String> heloHost();

    /** The port of every MX host (25; tests point it at their own servers). */
    @WithDefault("25")
    int mxPort();

    /**
     * Loopback, private, link-local and unspecified addresses an MX host may resolve to (CIDR list); any other such
     * address is refused, so a domain cannot make the worker deliver into its own network.
     */
    Optional<List<String>> allowedNetworks();

    /** Require verified TLS to every destination (a route or message may also require it). */
    @WithDefault("false")
    boolean requireTls();

    /** A PKCS#12 trust store for verified TLS (MTA-STS, required TLS) instead of the JDK's. */
    Optional<String> trustStore();

    Optional<String> trustStorePassword();

    /** How long an MX answer is reused at most (its TTL when shorter). */
    @WithDefault("5m")
    Duration dnsCache();

    /** How long an idle connection to a destination is kept for the next message. */
    @WithDefault("30s")
    Duration idleTimeout();

    /** Shaping for every destination unless one of {@link #destinations()} matches. */
    Limits limits();

    /** Shaping per destination: key an MX host suffix ({@code google.com}), matched against the MX host names. */
    @WithName("destination")
    Map<String, Limits> destinations();

    Backoff backoff();

    MtaSts mtaSts();

    /** Per destination (MX rollup: domains whose MX hosts are the same share one). */
    interface Limits {

        /** Off: no limit on connections or rate (the benchmark's baseline). */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("5")
        int connections();

        @WithDefault("100")
        int messagesPerConnection();

        @WithDefault("600")
        int messagesPerMinute();

        /** How long a sender waits for a connection or rate slot before the attempt is a local soft failure. */
        @WithDefault("2s")
        Duration maxWait();
    }

    /** A destination that answers 421 or another 4xx, or cannot be reached, is paused: no new transaction to it. */
    interface Backoff {

        @WithDefault("30s")
        Duration initial();

        @WithDefault("15m")
        Duration max();
    }

    interface MtaSts {

        @WithDefault("true")
        boolean enabled();

        /** Where a domain's policy is fetched; {@code %s} is the domain. */
        @WithDefault("https://mta-sts.%s/.well-known/mta-sts.txt")
        String policyUrl();

        @WithDefault("10s")
        Duration timeout();
    }
}
