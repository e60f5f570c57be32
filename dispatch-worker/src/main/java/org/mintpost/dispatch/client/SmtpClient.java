package org.mintpost.dispatch.client;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.mintpost.dispatch.config.DispatchConfig;
import org.mintpost.dispatch.config.UpstreamSmtp;
import org.mintpost.dispatch.observability.DeliveryTracing;

import io.quarkus.logging.Log;

/**
 * Delivers ready MIME messages (built from an API job, or the SMTP relay's raw bytes unchanged) with
 * Angus (Jakarta) Mail on a bounded pool of threads, each keeping one SMTP connection open between
 * sends; host, port, TLS and AUTH come from {@code mintpost.upstream.*}. Blocking threads rather than the
 * Vert.x mail client: every read has a socket timeout (the Vert.x client can hang on a new connection
 * and keep its pool slot), and the upstream's {@code 250} is handled by a thread of its own, not
 * queued behind other work on an event loop, so the delivered ledger is written right after it.
 */
@ApplicationScoped
public class SmtpClient {

    private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

    static {
        // Jakarta Mail looks its StreamProvider up through the ServiceLoader, scanning the class path, for every
        // body part it makes or writes unless this names it: the largest single cost in the worker's profile
        // (WorkerBenchIT with a flight recording; docs/benchmarks.md)
        if (System.getProperty(STREAM_PROVIDER) == null) {
            System.setProperty(STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    private final Session session;
    private final UpstreamSmtp upstream;
    private final ExecutorService workers;
    /** A connection idle for longer than this is checked with a NOOP before it is used again. */
    static final Duration CHECK_AFTER_IDLE = Duration.ofSeconds(1);

    private final ThreadLocal<SMTPTransport> connection = new ThreadLocal<>();
    private final ThreadLocal<Long> lastUsedNanos = new ThreadLocal<>();

    public SmtpClient(UpstreamSmtp upstream, DispatchConfig config) {
        this.upstream = upstream;
        this.session = Session.getInstance(properties(upstream, config.sendTimeout()));
        AtomicInteger n = new AtomicInteger();
        // one connection per thread: mintpost.upstream.max-pool-size bounds the connections to the upstream
        int threads = Math.max(1, Math.min(config.maxInFlight(), upstream.maxPoolSize()));
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "smtp-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    static Properties properties(UpstreamSmtp upstream, Duration timeout) {
        Properties p = new Properties();
        String millis = Long.toString(timeout.toMillis());
        String protocol = upstream.tls() ? "smtps" : "smtp";
        String prefix = "mail." + protocol + ".";
        p.put("mail.transport.protocol", protocol);
        p.put(prefix + "host", upstream.host());
        p.put(prefix + "port", Integer.toString(upstream.port()));
        p.put(prefix + "connectiontimeout", millis);
        p.put(prefix + "timeout", millis);
        p.put(prefix + "writetimeout", millis);
        p.put(prefix + "auth", Boolean.toString(upstream.username().isPresent()));
        // a recipient refused at RCPT does not keep the message from the others: each is told its own reply
        p.put(prefix + "sendpartial", "true");
        switch (upstream.startTls().toUpperCase()) {
            case "REQUIRED" -> {
                p.put(prefix + "starttls.enable", "true");
                p.put(prefix + "starttls.required", "true");
            }
            case "DISABLED" -> p.put(prefix + "starttls.enable", "false");
            default -> p.put(prefix + "starttls.enable", "true");
        }
        if (upstream.trustAll()) {
            p.put(prefix + "ssl.trust", "*");
            p.put(prefix + "ssl.checkserveridentity", "false");
        }
        return p;
    }

    /** The SMTP threads: work that belongs to an attempt can run there rather than on an event loop. */
    public Executor executor() {
        return workers;
    }

    public Session session() {
        return session;
    }

    /**
     * Sends {@code message} to exactly {@code recipients}, MAIL FROM {@code envelopeFrom}, bytes as they are, on
     * the calling thread (a sender thread of {@link #executor()}, which keeps one connection open).
     *
     * <p>Every step (connect, each read, each write) is bounded by {@code send-timeout} through Angus's
     * socket timeouts, and the attempt is answered only by its own outcome. There is deliberately no
     * second timer around the whole attempt: one that answered "timed out" while the conversation went
     * on would miss an upstream's late {@code 250} (a slow upstream, a loaded machine), leave the
     * message out of the delivered ledger and retry it, and the upstream would get it twice.
     */
    public SmtpResult send(MimeMessage message, String envelopeFrom, List<String> recipients) {
        SmtpResult result;
        try {
            result = sendNow(message, envelopeFrom, recipients);
        } catch (RuntimeException e) {
            result = SmtpResult.transientFailure(null, SmtpResult.describe(e));
        }
        DeliveryTracing.replied(result.code(), result.kind().name().toLowerCase());
        return result;
    }

    /** Parses raw MIME bytes without changing them: an unmodified parsed message is written back as read. */
    public SMTPMessage parse(byte[] mime) throws MessagingException {
        return new SMTPMessage(session, new java.io.ByteArrayInputStream(mime));
    }

    private SmtpResult sendNow(MimeMessage message, String envelopeFrom, List<String> recipients) {
        Address[] to;
        try {
            to = new Address[recipients.size()];
            for (int i = 0; i < to.length; i++) {
                to[i] = new InternetAddress(recipients.get(i), false);
            }
        } catch (MessagingException e) {
            return SmtpResult.failure(553, "bad recipient address: " + e.getMessage());
        }
        SMTPMessage smtpMessage;
        if (message instanceof SMTPMessage m) {
            smtpMessage = m;
        } else {
            try {
                smtpMessage = new SMTPMessage(message);
            } catch (MessagingException e) {
                return SmtpResult.failure(554, "cannot copy message: " + e.getMessage());
            }
        }
        smtpMessage.setEnvelopeFrom(envelopeFrom == null ? "" : envelopeFrom);
        // a connection used moments ago is not checked with a NOOP first; found dead at MAIL, it is replaced once
        for (int tries = 1;; tries++) {
            SMTPTransport transport = null;
            boolean unchecked = false;
            try {
                unchecked = connection.get() != null && idleNanos() < CHECK_AFTER_IDLE.toNanos();
                transport = transport(unchecked);
                transport.sendMessage(smtpMessage, to);
                return SmtpResult.accepted(transport.getLastReturnCode(),
                        SmtpResult.lastLine(transport.getLastServerResponse()));
            } catch (ReusableTransport.DeadBeforeMail e) {
                close(transport);
                if (!unchecked || tries > 1) {
                    return SmtpResult.transientFailure(null, SmtpResult.describe(e));
                }
            } catch (MessagingException e) {
                close(transport);
                return SmtpResult.classify(e);
            } catch (RuntimeException e) {
                close(transport);
                return SmtpResult.transientFailure(null, SmtpResult.describe(e));
            }
        }
    }

    private long idleNanos() {
        Long lastUsed = lastUsedNanos.get();
        return lastUsed == null ? Long.MAX_VALUE : System.nanoTime() - lastUsed;
    }

    /** This thread's open connection, checked with a NOOP unless {@code recent}; a new one when there is none. */
    private SMTPTransport transport(boolean recent) throws MessagingException {
        SMTPTransport t = connection.get();
        long idle = idleNanos();
        lastUsedNanos.set(System.nanoTime());
        if (t != null && idle < upstream.keepAliveTimeout().toNanos() && (recent || t.isConnected())) {
            return t;
        }
        close(t);
        t = new ReusableTransport(session, upstream.tls());
        if (upstream.username().isPresent()) {
            t.connect(upstream.host(), upstream.port(), upstream.username().get(), upstream.password().orElse(""));
        } else {
            t.connect();
        }
        connection.set(t);
        return t;
    }

    private void close(SMTPTransport t) {
        connection.remove();
        if (t != null) {
            try {
                t.close();
            } catch (MessagingException | RuntimeException e) {
                Log.debugf("closing an SMTP connection: %s", e.getMessage());
            }
        }
    }

    @PreDestroy
    void stop() {
        workers.shutdown();
    }
}
