package org.mintpost.token.leaks;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Leak reports (issue #25): GitHub secret scanning and the generic report form. */
@ConfigMapping(prefix = "mintpost.secret-scanning")
public interface LeaksConfig {

    /** A file in GitHub's {@code public_keys} JSON format ({@code MINTPOST_SECRET_SCANNING_KEYS_FILE}). */
    Optional<String> keysFile();

    /** Where GitHub publishes its secret-scanning keys; fetched and cached when set. */
    Optional<String> keysUrl();

    /** How long keys fetched from {@link #keysUrl()} are used before they are fetched again. */
    @WithDefault("1h")
    Duration keysCacheTtl();

    /** A request naming a key id we do not know fetches the keys again at most this often. */
    @WithDefault("1m")
    Duration keysRefetchInterval();

    /** Largest request body accepted (413 beyond). */
    @WithDefault("1048576")
    int maxBodyBytes();

    /** Most entries in one request (422 beyond). */
    @WithDefault("1000")
    int maxEntries();

    /** How long a handled request's signature is remembered, so that a replay is refused. */
    @WithDefault("30d")
    Duration replayWindow();

    /** Reports through {@code POST /v1/tokens/report-leak} allowed per client IP and minute. */
    @WithDefault("10")
    int reportsPerIpPerMinute();
}
