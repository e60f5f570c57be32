package org.mintpost.gateway.smtp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.mintpost.gateway.bounces.BounceMail;
import org.mintpost.gateway.config.GatewayConfig;
import org.mintpost.gateway.domains.SenderPolicy;
import org.mintpost.gateway.routes.RoutePicker;
import org.mintpost.gateway.config.SmtpConfig;
import org.mintpost.gateway.messaging.TokenChangesReader;
import org.mintpost.gateway.service.AuthFailureThrottle;
import org.mintpost.gateway.service.SendService;
import org.mintpost.gateway.service.TokenAuthenticator;
import org.mintpost.gateway.service.UsageRecorder;
import org.subethamail.smtp.server.SMTPServer;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The SMTP relay: SubEthaSMTP servers on the STARTTLS ports and the implicit-TLS port, opened only once
 * the token map has caught up (the gateway's readiness), closed gracefully at shutdown (no new mail,
 * messages waiting for Kafka get their answer, then the sessions are closed). The plain (STARTTLS) ports are also
 * the bounce domain's MX: a transaction without AUTH goes to {@link BounceMail}, which takes only recipients at the
 * bounce domain ({@code 530 5.7.0} for any other); AUTH itself still needs TLS there ({@link RelaySessions}).
 */
@ApplicationScoped
public class SmtpRelay {

    /** Addresses whose failed AUTHs are counted at once (past it, finished windows are dropped). */
    private static final int MAX_TRACKED_IPS = 100_000;

    private final SmtpConfig config;
    private final TokenChangesReader tokenMap;
    private final RelayAuthentication authentication;
    private final RelaySessions sessions;
    private final RelayMessages messages;
    private final BounceMail bounces;
    private final List<SMTPServer> starttls = new ArrayList<>();
    private volatile SMTPServer implicitTls;
    private volatile boolean running;
    private volatile boolean stopped;
    private volatile String failure;
    private Thread starter;

    public SmtpRelay(SmtpConfig config, GatewayConfig gateway, TokenChangesReader tokenMap,
            TokenAuthenticator authenticator, SendService sends, SenderPolicy senders, RoutePicker routes,
            UsageRecorder usage, BounceMail bounces, MeterRegistry registry) {
        this.config = config;
        this.tokenMap = tokenMap;
        Duration authTimeout = gateway.tokenService().lookupTimeout().plusSeconds(1);
        this.authentication = new RelayAuthentication(authenticator, usage,
                new AuthFailureThrottle(true, config.authFailuresPerIpPerMinute(), Duration.ofMinutes(1).toMillis(),
                        MAX_TRACKED_IPS, System::currentTimeMillis),
                authTimeout, registry);
        this.sessions = new RelaySessions(config.maxSessionsPerIp(), config.maxCommandsPerSession(),
                config.allowAuthWithoutTls(), authentication, usage, registry);
        this.bounces = bounces;
        this.messages = new RelayMessages(sends, senders, routes, usage, config.maxMessageSize(),
                gateway.kafka().sendTimeout().plusSeconds(5), registry);
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            Log.info("SMTP relay disabled (mintpost.smtp.enabled=false)");
            return;
        }
        starter = new Thread(this::startWhenReady, "smtp-relay-start");
        starter.setDaemon(true);
        starter.start();
    }

    private void startWhenReady() {
        while (!tokenMap.isCaughtUp() && !stopped) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        synchronized (this) {
            if (stopped) {
                return;
            }
            try {
                open();
                running = true;
            } catch (RuntimeException e) {
                failure = e.getMessage();
                Log.errorf("SMTP relay could not start: %s", e.getMessage());
                closeAll();
            }
        }
    }

    private void open() {
        Optional<SSLContext> tls = SmtpTls.load(config.tls().certPath(), config.tls().keyPath());
        if (tls.isEmpty()) {
            Log.warnf("SMTP relay: no TLS certificate/key at %s / %s (mintpost.smtp.tls.cert-path, key-path):"
                    + " STARTTLS and the implicit-TLS port are off%s", config.tls().certPath(), config.tls().keyPath(),
                    config.allowAuthWithoutTls() ? "; AUTH is allowed in clear (allow-auth-without-tls=true)"
                            : "; AUTH is refused (538) until a certificate is configured");
        }
        for (int port : config.starttlsPorts()) {
            SMTPServer server = builder(port, tls, false).build();
            sessions.guard(server.getCommandHandler());
            server.start();
            starttls.add(server);
            Log.infof("SMTP relay listening on %s:%d (%s)", config.host(), server.getPortAllocated(),
                    tls.isPresent() ? "STARTTLS" : "no TLS");
        }
        if (tls.isPresent() && config.tlsPort() >= 0) {
            SMTPServer server = builder(config.tlsPort(), tls, true).build();
            sessions.guard(server.getCommandHandler());
            server.start();
            implicitTls = server;
            Log.infof("SMTP relay listening on %s:%d (implicit TLS)", config.host(), server.getPortAllocated());
        }
    }

    private SMTPServer.Builder builder(int port, Optional<SSLContext> tls, boolean implicit) {
        SMTPServer.Builder builder = SMTPServer.port(port)
                .bindAddress(bindAddress())
                .hostName(config.hostName())
                .softwareName("mintpost")
                .authenticationHandlerFactory(authentication)
                .sessionHandler(sessions)
                .maxMessageSize(config.maxMessageSize())
                .maxRecipients(config.maxRecipients())
                .maxConnections(config.maxSessions())
                .connectionTimeout((int) config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .insertReceivedHeaders(false)
                .serverThreadName("smtp-relay-" + (implicit ? "tls-" : "") + port);
        if (implicit) {
            builder.messageHandlerFactory(messages).requireAuth();
        } else {
            // a bouncing MTA neither authenticates nor always starts TLS: mail without AUTH is for the bounce
            // domain only, and AUTH (so any other mail) still needs TLS unless allowed (RelaySessions)
            builder.messageHandlerFactory(context -> context.getAuthenticationHandler().isPresent()
                    ? messages.create(context) : bounces.create(context));
        }
        if (tls.isPresent()) {
            if (implicit) {
                builder.serverSocketFactory(tls.get()).requireTLS(!config.allowAuthWithoutTls());
            } else {
                builder.enableTLS().startTlsSocketFactory(SmtpTls.startTls(tls.get()));
            }
        }
        return builder;
    }

    private InetAddress bindAddress() {
        try {
            return InetAddress.getByName(config.host());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("mintpost.smtp.host is not an address: " + config.host(), e);
        }
    }

    void stop(@Observes @Priority(10) ShutdownEvent event) {
        synchronized (this) {
            // from here no session starts a new mail transaction (421)
            sessions.drain();
            stopped = true;
        }
        if (!running) {
            closeAll();
            return;
        }
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        while (messages.inFlight() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        closeAll();
    }

    private synchronized void closeAll() {
        running = false;
        sessions.closing();
        for (SMTPServer server : starttls) {
            server.stop();
        }
        starttls.clear();
        if (implicitTls != null) {
            implicitTls.stop();
            implicitTls = null;
        }
    }

    /** True when SMTP is off, or when every configured port is open. */
    public boolean healthy() {
        return !config.enabled() || running;
    }

    public boolean running() {
        return running;
    }

    /** True from the start of {@link #stop}: sessions are draining. */
    boolean stopping() {
        return stopped;
    }

    /** Messages received whose Kafka ack their session still waits for. */
    int messagesInFlight() {
        return messages.inFlight();
    }

    /** Why the relay could not start, if it could not. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** The bound STARTTLS (or plain, without a certificate) ports, in configuration order. */
    public synchronized List<Integer> starttlsPorts() {
        return starttls.stream().map(SMTPServer::getPortAllocated).toList();
    }

    /** The bound implicit-TLS port, if open. */
    public Optional<Integer> tlsPort() {
        SMTPServer server = implicitTls;
        return server == null ? Optional.empty() : Optional.of(server.getPortAllocated());
    }
}
