package org.mintpost.dispatch.client;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.dispatch.config.DispatchConfig;
import org.mintpost.dispatch.config.UpstreamSmtp;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.SMTPException;
import io.vertx.ext.mail.StartTLSOptions;

/**
 * Delivers built messages through the Vert.x mail client (the client under quarkus-mailer),
 * configured from {@code quarkus.mailer.*}: pooled keep-alive connections, TLS, AUTH. Created here
 * rather than taken from quarkus-mailer because the pool needs an idle timeout that quarkus-mailer
 * does not expose: without it, a connection whose server never answers (the measured greeting hang,
 * or a stalling upstream) keeps its pool slot for good, and enough of them stop all delivery.
 */
@ApplicationScoped
public class VertxSmtpClient {

    private final MailClient client;

    public VertxSmtpClient(Vertx vertx, UpstreamSmtp upstream, DispatchConfig config) {
        MailConfig mail = new MailConfig()
                .setHostname(upstream.host())
                .setPort(upstream.port())
                .setSsl(upstream.tls())
                .setTrustAll(upstream.trustAll())
                .setStarttls(StartTLSOptions.valueOf(upstream.startTls().toUpperCase()))
                .setKeepAlive(true)
                .setMaxPoolSize(upstream.maxPoolSize())
                .setKeepAliveTimeout((int) upstream.keepAliveTimeout().toSeconds())
                .setKeepAliveTimeoutUnit(TimeUnit.SECONDS)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.sendTimeout().toMillis()))
                .setIdleTimeout((int) Math.max(1, config.sendTimeout().toMillis()))
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        upstream.username().ifPresent(mail::setUsername);
        upstream.password().ifPresent(mail::setPassword);
        this.client = MailClient.create(vertx, mail);
    }

    public Uni<SmtpResult> send(MailMessage message, Duration timeout) {
        return Uni.createFrom().completionStage(() -> client.sendMail(message).toCompletionStage())
                .ifNoItem().after(timeout).failWith(() -> new TimeoutException("no answer within " + timeout))
                .onItem().transform(ignored -> SmtpResult.accepted(250, "accepted"))
                .onFailure().recoverWithItem(VertxSmtpClient::classify);
    }

    static SmtpResult classify(Throwable failure) {
        Throwable t = failure;
        while (t != null) {
            if (t instanceof SMTPException smtp) {
                String reply = smtp.getReplyMessage() == null ? smtp.getMessage() : smtp.getReplyMessage();
                return SmtpResult.failure(smtp.getReplyCode(), reply);
            }
            t = t.getCause();
        }
        return SmtpResult.transientFailure(null, describe(failure));
    }

    static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
