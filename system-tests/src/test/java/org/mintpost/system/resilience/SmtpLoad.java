package org.mintpost.system.resilience;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * A steady load through the SMTP relay as a careful mail client sends it: each client keeps an
 * authenticated STARTTLS session and sends message after message on it; every message has its own
 * {@code Idempotency-Key} header and is retried with that key on a new session (connection refused or
 * dropped, any 4xx) until it gets a {@code 250} or gives up after {@code giveUpAfter}. A 5xx is
 * unexpected. Records what happened, with the queue id of every {@code 250}.
 */
final class SmtpLoad implements AutoCloseable {

    static final int TIMEOUT_MS = 30_000;

    /** What the client saw for one message. */
    static final class Outcome {
        final int seq;
        final long firstAttemptNanos;
        volatile long acceptedNanos;
        volatile int attempts;
        volatile String lastReply = "";
        volatile boolean gaveUp;
        final Set<String> queueIds = ConcurrentHashMap.newKeySet();

        Outcome(int seq, long firstAttemptNanos) {
            this.seq = seq;
            this.firstAttemptNanos = firstAttemptNanos;
        }

        boolean accepted() {
            return acceptedNanos != 0;
        }
    }

    final String run;
    final Map<Integer, Outcome> outcomes = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    private final IntSupplier port;
    private final String token;
    private final Duration giveUpAfter;
    private final AtomicInteger nextSeq = new AtomicInteger();
    private final ExecutorService workers;
    private final Pacer pacer;

    SmtpLoad(String run, IntSupplier port, String token, int perSecond, int clients, Duration giveUpAfter) {
        this.run = run;
        this.port = port;
        this.token = token;
        this.pacer = new Pacer("smtp-load-pacer", perSecond);
        this.giveUpAfter = giveUpAfter;
        this.workers = Executors.newFixedThreadPool(clients);
        for (int i = 0; i < clients; i++) {
            workers.submit(this::client);
        }
    }

    /** The subject prefix of this run's messages (distinct from {@link SendLoad}'s, so the two are counted apart). */
    static String prefix(String run) {
        return "smtp-resilience " + run + " ";
    }

    static String subject(String run, int seq) {
        return prefix(run) + "#" + seq;
    }

    private void client() {
        SmtpWire[] session = new SmtpWire[1];
        try {
            while (pacer.running()) {
                try {
                    if (!pacer.next()) {
                        continue;
                    }
                } catch (InterruptedException e) {
                    return;
                }
                send(nextSeq.getAndIncrement(), session);
            }
        } finally {
            if (session[0] != null) {
                try {
                    session[0].command("QUIT");
                } catch (IOException e) {
                    // gone already
                }
                session[0].close();
            }
        }
    }

    private void send(int seq, SmtpWire[] session) {
        Outcome outcome = new Outcome(seq, System.nanoTime());
        outcomes.put(seq, outcome);
        String key = "smtp-" + run + "-" + seq;
        String message = SmtpWire.message("load@example.com", "smtp-inbox@example.org", subject(run, seq), key,
                "SMTP load message " + seq + ".");
        long deadline = outcome.firstAttemptNanos + giveUpAfter.toNanos();
        while (true) {
            outcome.attempts++;
            try {
                if (session[0] == null) {
                    session[0] = login();
                }
                SmtpWire.Reply reply = session[0].transaction("load@example.com", List.of("smtp-inbox@example.org"),
                        message);
                outcome.lastReply = reply.last();
                if (reply.code() == 250) {
                    String last = reply.last();
                    int at = last.indexOf("queued as ");
                    outcome.queueIds.add(at < 0 ? last : last.substring(at + "queued as ".length()).trim());
                    outcome.acceptedNanos = System.nanoTime();
                    return;
                }
                if (reply.code() / 100 == 5) {
                    unexpected.add("#" + seq + ": " + reply);
                    return;
                }
                // a 4xx for the message: retry it on a new session
                drop(session);
            } catch (SmtpWire.UnexpectedReply e) {
                outcome.lastReply = e.reply.last();
                if (e.reply.code() / 100 == 5) {
                    unexpected.add("#" + seq + ": " + e.getMessage());
                    drop(session);
                    return;
                }
                drop(session);
            } catch (IOException e) {
                outcome.lastReply = e.toString();
                drop(session);
            }
            if (System.nanoTime() > deadline) {
                outcome.gaveUp = true;
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private SmtpWire login() throws IOException {
        SmtpWire wire = SmtpWire.startTls(null, port.getAsInt(), TIMEOUT_MS);
        try {
            wire.expect(wire.authPlain(token), 235, "AUTH");
            return wire;
        } catch (IOException | RuntimeException e) {
            wire.close();
            throw e;
        }
    }

    private static void drop(SmtpWire[] session) {
        if (session[0] != null) {
            session[0].close();
            session[0] = null;
        }
    }

    /** Stops issuing new messages and waits for the ones in progress (retrying) to finish. */
    @Override
    public void close() throws InterruptedException {
        pacer.close();
        workers.shutdown();
        if (!workers.awaitTermination(giveUpAfter.toSeconds() + 60, TimeUnit.SECONDS)) {
            workers.shutdownNow();
        }
    }
}
