package org.mintpost.dispatch.config;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The upstream SMTP server as {@code mintpost.upstream.*} describes it (env {@code MINTPOST_UPSTREAM_*}),
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

    public UpstreamSmtp(@ConfigProperty(name = "mintpost.upstream.host", defaultValue = "127.0.0.1") String host,
            @ConfigProperty(name = "mintpost.upstream.port", defaultValue = "1025") int port,
            @ConfigProperty(name = "mintpost.upstream.username") Optional<String> username,
            @ConfigProperty(name = "mintpost.upstream.password") Optional<String> password,
            @ConfigProperty(name = "mintpost.upstream.start-tls", defaultValue = "OPTIONAL") String startTls,
            @ConfigProperty(name = "mintpost.upstream.tls", defaultValue = "false") boolean tls,
            @ConfigProperty(name = "mintpost.upstream.trust-all", defaultValue = "false") boolean trustAll,
            @ConfigProperty(name = "mintpost.upstream.max-pool-size", defaultValue = "32") int maxPoolSize,
            @ConfigProperty(name = "mintpost.upstream.keep-alive-timeout", defaultValue = "PT300S") Duration keepAliveTimeout) {
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

    /** {@code DISABLED}, {@code OPTIONAL} or {@code REQUIRED}, as Jakarta Mail's STARTTLS modes are usually spelt. */
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
