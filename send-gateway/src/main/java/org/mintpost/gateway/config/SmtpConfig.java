package org.mintpost.gateway.config;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The SMTP relay, prefix {@code mintpost.smtp}; each key can be overridden by its env var ({@code MINTPOST_SMTP_…}). */
@ConfigMapping(prefix = "mintpost.smtp")
public interface SmtpConfig {

    /** False: no SMTP port is opened at all. */
    @WithDefault("true")
    boolean enabled();

    /** Address the SMTP ports bind to. */
    @WithDefault("0.0.0.0")
    String host();

    /** Name the relay gives itself in its greeting and EHLO answer. */
    @WithDefault("mintpost")
    String hostName();

    /** Plain ports offering STARTTLS; 0 picks a free port (tests). */
    @WithDefault("2525,587")
    List<Integer> starttlsPorts();

    /** Implicit-TLS port (TLS from the first byte); 0 picks a free port; negative: none. */
    @WithDefault("2465")
    int tlsPort();

    Tls tls();

    /** Allows AUTH on a connection without TLS (local tests only: the token would travel in clear). */
    @WithDefault("false")
    boolean allowAuthWithoutTls();

    /** Largest message (DATA) in bytes, advertised as {@code SIZE} and enforced while reading. */
    @WithDefault("26214400")
    int maxMessageSize();

    /** Envelope recipients ({@code RCPT TO}) per message. */
    @WithDefault("50")
    int maxRecipients();

    /** Commands one session may issue before it is closed with 421. */
    @WithDefault("1000")
    int maxCommandsPerSession();

    /** Concurrent sessions from one client address (over all SMTP ports). */
    @WithDefault("50")
    int maxSessionsPerIp();

    /** Concurrent sessions per port. */
    @WithDefault("1000")
    int maxSessions();

    /** A session silent for this long is closed with 421. */
    @WithDefault("60s")
    Duration idleTimeout();

    /** Failed AUTH attempts one address may make per minute; past that AUTH gets 451 and no usage event. */
    @WithDefault("10")
    int authFailuresPerIpPerMinute();

    /** How long a shutdown waits for messages being accepted (DATA waiting for Kafka) before closing sessions. */
    @WithDefault("10s")
    Duration shutdownGrace();

    interface Tls {
        /** PEM certificate (chain) file; missing: no TLS ports and AUTH refused unless allow-auth-without-tls. */
        @WithDefault(".local/keys/smtp-tls-cert.pem")
        String certPath();

        /** PEM private key file (PKCS#8, as {@code openssl genpkey} / {@code openssl req -noenc} write it). */
        @WithDefault(".local/keys/smtp-tls-key.pem")
        String keyPath();
    }
}
