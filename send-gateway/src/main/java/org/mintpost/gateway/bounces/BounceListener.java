package org.mintpost.gateway.bounces;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.mintpost.gateway.messaging.TokenChangesReader;
import org.mintpost.gateway.service.TokenMap;
import org.subethamail.smtp.server.SMTPServer;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The bounce domain's MX: a plain SMTP listener without AUTH ({@code mintpost.bounces.port}) that takes mail only
 * for the bounce domain, reads each message as a delivery status notification or an abuse report
 * ({@link BounceReports}) and publishes what it says ({@link BounceEvents}). Nothing arriving here is relayed. It
 * opens once the token map has caught up (it ties a return path's project to its team).
 */
@ApplicationScoped
public class BounceListener {

    private final BounceConfig config;
    private final TokenChangesReader tokenChanges;
    private final BounceMail mail;
    private volatile SMTPServer server;
    private volatile boolean stopped;

    public BounceListener(BounceConfig config, TokenChangesReader tokenChanges, TokenMap tokens, BounceEvents events,
            MeterRegistry registry) {
        this.config = config;
        this.tokenChanges = tokenChanges;
        this.mail = new BounceMail(config, tokens, events, registry);
    }

    void start(@Observes StartupEvent event) {
        if (config.port() < 0) {
            Log.info("bounce listener disabled (mintpost.bounces.port < 0)");
            return;
        }
        Thread starter = new Thread(this::startWhenReady, "bounce-listener-start");
        starter.setDaemon(true);
        starter.start();
    }

    private void startWhenReady() {
        while (!tokenChanges.isCaughtUp() && !stopped) {
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
                SMTPServer s = SMTPServer.port(config.port())
                        .bindAddress(InetAddress.getByName(config.host()))
                        .hostName(config.domain())
                        .softwareName("mintpost")
                        .messageHandlerFactory(mail)
                        .maxMessageSize(config.maxMessageSize())
                        .maxConnections(config.maxSessions())
                        .maxRecipients(50)
                        .connectionTimeout(60, TimeUnit.SECONDS)
                        .insertReceivedHeaders(false)
                        .serverThreadName("bounce-listener")
                        .build();
                s.start();
                server = s;
                Log.infof("bounce listener on %s:%d for %s", config.host(), s.getPortAllocated(), config.domain());
            } catch (UnknownHostException | RuntimeException e) {
                Log.errorf("bounce listener could not start: %s", e.getMessage());
            }
        }
    }

    void stop(@Observes @Priority(10) ShutdownEvent event) {
        synchronized (this) {
            stopped = true;
            if (server != null) {
                server.stop();
                server = null;
            }
        }
    }

    /** The bound port, once open. */
    public Optional<Integer> port() {
        SMTPServer s = server;
        return s == null ? Optional.empty() : Optional.of(s.getPortAllocated());
    }
}
