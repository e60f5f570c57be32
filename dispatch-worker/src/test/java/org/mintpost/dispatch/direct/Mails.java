package org.mintpost.dispatch.direct;

import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.mintpost.contracts.bounce.ReturnPath;
import org.mintpost.contracts.event.EmailContent;
import org.mintpost.contracts.event.SendJob;

/** A job, its message and its VERP return path, as the delivery step hands them to the transport. */
record Mails(SendJob job, MimeMessage message, String returnPath) {

    static final String BOUNCES = "bounces.mintpost.test";

    static Mails to(List<String> recipients) throws MessagingException {
        return to(recipients, null);
    }

    static Mails to(List<String> recipients, String tls) throws MessagingException {
        String messageId = UUID.randomUUID().toString();
        String projectId = UUID.randomUUID().toString();
        EmailContent content = new EmailContent("Sender <sender@example.com>", recipients, null, null, null,
                "Hello", null, "Hello there", null, null, null, null, null, null,
                tls == null ? null : new EmailContent.Settings(null, null, tls), null);
        SendJob job = new SendJob(UUID.randomUUID().toString(), Instant.now(), SendJob.SCHEMA_VERSION, messageId,
                "team-1", projectId, "token-1", Instant.now(), "api", null, content, null, null, null, null, null,
                null, null, 0, null, null, null);
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom("sender@example.com");
        message.setSubject("Hello");
        message.setText("Hello there");
        message.saveChanges();
        return new Mails(job, message, ReturnPath.of(messageId, projectId, BOUNCES).orElseThrow());
    }

    List<String> recipients() {
        return job.content().to();
    }
}
