package org.mintpost.dispatch.direct;

import java.time.Duration;

import jakarta.mail.MessagingException;

import org.eclipse.angus.mail.smtp.SMTPTransport;

import io.quarkus.logging.Log;

/** One open SMTP connection to an MX host, kept between messages to the same destination. */
final class DirectConnection {

    /** A connection idle for longer than this is checked with a NOOP before it is used again. */
    private static final Duration CHECK_AFTER_IDLE = Duration.ofSeconds(1);

    private final SMTPTransport transport;
    private final String host;
    private final boolean verified;
    private int sent;
    private long lastUsedNanos = System.nanoTime();

    DirectConnection(SMTPTransport transport, String host, boolean verified) {
        this.transport = transport;
        this.host = host;
        this.verified = verified;
    }

    SMTPTransport transport() {
        return transport;
    }

    String host() {
        return host;
    }

    /** Opened with verified TLS (a policy or setting that requires it may use it). */
    boolean verified() {
        return verified;
    }

    int sent() {
        return sent;
    }

    void used() {
        sent++;
        lastUsedNanos = System.nanoTime();
    }

    Duration idleFor() {
        return Duration.ofNanos(System.nanoTime() - lastUsedNanos);
    }

    /** Still open: a connection used moments ago is taken as it is, an older one answers a NOOP first. */
    boolean usable() {
        return idleFor().compareTo(CHECK_AFTER_IDLE) < 0 || transport.isConnected();
    }

    void close() {
        try {
            transport.close();
        } catch (MessagingException | RuntimeException e) {
            Log.debugf("closing a connection to %s: %s", host, e.getMessage());
        }
    }
}
