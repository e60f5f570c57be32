package org.mintpost.token.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Typed configuration under {@code mintpost.*}; every key is overridable by environment variable. */
@ConfigMapping(prefix = "mintpost")
public interface TokenServiceConfig {

    Bootstrap bootstrap();

    Outbox outbox();

    LastUsed lastUsed();

    Expiry expiry();

    Inactive inactive();

    interface Bootstrap {
        /** Name of the team created on first start (when no team exists). */
        @WithDefault("Default team")
        String teamName();

        /**
         * The bootstrap team token's secret ({@code LETTERMINT_BOOTSTRAP_TEAM_TOKEN}); when empty a new
         * one is generated. Never logged.
         */
        Optional<String> teamToken();

        /** Where a freshly generated (or env-given) bootstrap secret is written, mode 0600. */
        @WithDefault("bootstrap-team-token")
        String tokenFile();
    }

    interface Outbox {
        /**
         * Whether the relay publishes. {@code false} starts it paused: changes are committed to the
         * outbox only (an operator's switch, and how the crash test makes a process that dies before
         * publishing).
         */
        @WithDefault("true")
        boolean publishEnabled();

        /** How long a create/regenerate/revoke call waits for Kafka's acknowledgement. */
        @WithDefault("10s")
        Duration publishTimeout();

        /** Period of the safety-net relay that publishes rows left unsent (e.g. by a crash). */
        @WithDefault("1s")
        Duration relayInterval();

        /** Rows read per relay round trip. */
        @WithDefault("500")
        int batchSize();

        /** Sent rows older than this are deleted. */
        @WithDefault("7d")
        Duration retention();
    }

    interface LastUsed {
        /** Last-used metadata is written at most once per token per interval. */
        @WithDefault("1s")
        Duration flushInterval();
    }

    interface Expiry {
        /** How often tokens past their {@code expires_at} are marked expired and published. */
        @WithDefault("5s")
        Duration interval();
    }

    interface Inactive {
        /** How often the auto-revoke job looks for unused tokens in projects with auto_revoke_inactive_days. */
        @WithDefault("1h")
        Duration interval();
    }
}
