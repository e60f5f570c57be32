package org.mintpost.dispatch.client;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.mail.SMTPException;

/** Delivers a built {@link Mail} through quarkus-mailer (Vert.x mail client, pooled connections). */
@ApplicationScoped
public class MailerSmtpClient {

    private final ReactiveMailer mailer;

    public MailerSmtpClient(ReactiveMailer mailer) {
        this.mailer = mailer;
    }

    public Uni<SmtpResult> send(Mail mail, Duration timeout) {
        return Uni.createFrom().deferred(() -> mailer.send(mail))
                .ifNoItem().after(timeout).failWith(() -> new TimeoutException("no answer within " + timeout))
                .onItem().transform(ignored -> SmtpResult.accepted(250, "accepted"))
                .onFailure().recoverWithItem(MailerSmtpClient::classify);
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
}
