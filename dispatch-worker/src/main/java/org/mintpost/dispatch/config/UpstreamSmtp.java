package org.mintpost.dispatch.config;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The upstream SMTP server as {@code quarkus.mailer.*} describes it (env {@code QUARKUS_MAILER_*}),
 * for both SMTP clients. One source of truth for host, port, TLS, AUTH and pooling.
 */
@ApplicationScoped
public class UpstreamSmtp {

    private final String host;
    private final int port;
    private final Optional<String> username;
    private final Optional<String> password;
    private final String startTls;
    private final boolean tls;
    private final boolean trustAll;
    private final int maxPoolSize;
    private final Duration keepAliveTimeout;

    public UpstreamSmtp(@ConfigProperty(name = "quarkus.mailer.host", defaultValue = "127.0.0.1") String host,
            @ConfigProperty(name = "quarkus.mailer.port", defaultValue = "1025") int port,
            @ConfigProperty(name = "quarkus.mailer.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.mailer.password") Optional<String> password,
            @ConfigProperty(name = "quarkus.mailer.start-tls", defaultValue = "OPTIONAL") String startTls,
            @ConfigProperty(name = "quarkus.mailer.tls", defaultValue = "false") boolean tls,
            @ConfigProperty(name = "quarkus.mailer.trust-all", defaultValue = "false") boolean trustAll,
            @ConfigProperty(name = "quarkus.mailer.max-pool-size", defaultValue = "32") int maxPoolSize,
            @ConfigProperty(name = "quarkus.mailer.keep-alive-timeout", defaultValue = "PT300S") Duration keepAliveTimeout) {
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
        this.startTls = startTls;
        this.tls = tls;
        this.trustAll = trustAll;
        this.maxPoolSize = maxPoolSize;
        this.keepAliveTimeout = keepAliveTimeout;
    }

    /** Pooled connections of the Vert.x client. */
    public int maxPoolSize() {
        return maxPoolSize;
    }

    public Duration keepAliveTimeout() {
        return keepAliveTimeout;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public Optional<String> username() {
        return username;
    }

    public Optional<String> password() {
        return password;
    }

    /** {@code DISABLED}, {@code OPTIONAL} or {@code REQUIRED}, as quarkus-mailer spells it. */
    public String startTls() {
        return startTls;
    }

    /** TLS on connect (implicit TLS, port 465 style). */
    public boolean tls() {
        return tls;
    }

    public boolean trustAll() {
        return trustAll;
    }
}
