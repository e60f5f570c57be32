package org.mintpost.dispatch.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mintpost.dispatch.support.GreenMailResource;

import com.icegreen.greenmail.util.GreenMail;

import io.vertx.core.Vertx;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;

/**
 * The RECIPES hang check: N sends on <em>new</em> connections (and N on pooled ones) with the
 * Vert.x mail client that quarkus-mailer wraps and with Angus Mail, against an in-JVM GreenMail.
 * A send that has no answer within {@code bench.timeout} (default 5 s) counts as a hang.
 * Run: {@code ./mvnw -pl dispatch-worker test -Dtest=SmtpClientBench -Dbench=true [-Dbench.n=10000]}.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class SmtpClientBench {

    static final int N = Integer.getInteger("bench.n", 10_000);
    static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 16);
    static final Duration TIMEOUT = Duration.ofSeconds(Integer.getInteger("bench.timeout", 5));

    record Result(String client, boolean pooled, int sent, int hangs, int errors, double seconds) {
        @Override
        public String toString() {
            return String.format("%-6s %-14s n=%d hangs=%d (%.2f per 10,000) other errors=%d  %.0f mails/s",
                    client, pooled ? "pooled" : "new connection", sent, hangs, hangs * 10_000.0 / sent, errors,
                    sent / seconds);
        }
    }

    @Test
    void compareClients() throws Exception {
        GreenMail greenMail = GreenMailResource.startGreenMail();
        int port = greenMail.getSmtp().getPort();
        List<Result> results = new ArrayList<>();
        try {
            results.add(vertx(port, false));
            greenMail.purgeEmailFromAllMailboxes();
            results.add(angus(port, false));
            greenMail.purgeEmailFromAllMailboxes();
            results.add(vertx(port, true));
            greenMail.purgeEmailFromAllMailboxes();
            results.add(angus(port, true));
        } finally {
            greenMail.stop();
        }
        System.out.println("[bench] SMTP clients, " + CONCURRENCY + " concurrent, timeout " + TIMEOUT);
        results.forEach(r -> System.out.println("[bench] " + r));
    }

    Result vertx(int port, boolean pooled) throws Exception {
        Vertx vertx = Vertx.vertx();
        MailConfig config = new MailConfig().setHostname("127.0.0.1").setPort(port)
                .setStarttls(StartTLSOptions.DISABLED).setKeepAlive(pooled).setMaxPoolSize(CONCURRENCY);
        MailClient client = MailClient.create(vertx, config);
        Semaphore permits = new Semaphore(CONCURRENCY);
        AtomicInteger hangs = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long start = System.nanoTime();
        for (int i = 0; i < N; i++) {
            permits.acquire();
            MailMessage m = new MailMessage().setFrom("bench@example.com").setTo("rcpt" + (i % 50) + "@sink.test")
                    .setSubject("vertx " + i).setText("hello " + i);
            CompletableFuture<Void> done = new CompletableFuture<>();
            client.sendMail(m).onComplete(ar -> {
                if (ar.succeeded()) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(ar.cause());
                }
            });
            done.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).whenComplete((ok, err) -> {
                if (err instanceof java.util.concurrent.TimeoutException) {
                    hangs.incrementAndGet();
                } else if (err != null) {
                    errors.incrementAndGet();
                }
                permits.release();
            });
        }
        permits.acquire(CONCURRENCY);
        double seconds = (System.nanoTime() - start) / 1e9;
        client.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return new Result("vertx", pooled, N, hangs.get(), errors.get(), seconds);
    }

    Result angus(int port, boolean pooled) throws Exception {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", Integer.toString(port));
        p.put("mail.smtp.connectiontimeout", Long.toString(TIMEOUT.toMillis()));
        p.put("mail.smtp.timeout", Long.toString(TIMEOUT.toMillis()));
        Session session = Session.getInstance(p);
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        ThreadLocal<Transport> local = new ThreadLocal<>();
        AtomicInteger hangs = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long start = System.nanoTime();
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            int n = i;
            futures.add(pool.submit(() -> {
                try {
                    MimeMessage m = new MimeMessage(session);
                    m.setFrom("bench@example.com");
                    m.setRecipient(Message.RecipientType.TO, new InternetAddress("rcpt" + (n % 50) + "@sink.test"));
                    m.setSubject("angus " + n);
                    m.setText("hello " + n);
                    m.saveChanges();
                    Transport t = local.get();
                    if (t == null || !t.isConnected()) {
                        t = session.getTransport("smtp");
                        t.connect();
                        if (pooled) {
                            local.set(t);
                        }
                    }
                    t.sendMessage(m, m.getAllRecipients());
                    if (!pooled) {
                        t.close();
                    }
                } catch (jakarta.mail.MessagingException e) {
                    if (e.getCause() instanceof java.net.SocketTimeoutException
                            || e.getNextException() instanceof java.net.SocketTimeoutException) {
                        hangs.incrementAndGet();
                    } else {
                        errors.incrementAndGet();
                    }
                    local.remove();
                }
            }));
        }
        for (java.util.concurrent.Future<?> f : futures) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdownNow();
        return new Result("angus", pooled, N, hangs.get(), errors.get(), seconds);
    }
}
