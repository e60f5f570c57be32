package org.mintpost.dispatch.service;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.mintpost.contracts.event.SendJob;
import org.mintpost.dispatch.bounces.ReturnPaths;
import org.mintpost.dispatch.client.SmtpClient;
import org.mintpost.dispatch.dkim.DkimSigner;
import org.mintpost.dispatch.tracking.MessageTracking;

/**
 * The one place where the outgoing message of a job is prepared for its SMTP transaction: the MIME built from
 * an API job ({@link MessageFactory}) or the SMTP relay's bytes as they came, the envelope sender and the
 * recipients ({@link Recipients}). Whatever rewrites or signs the finished MIME (link tracking, the open pixel,
 * DKIM) is applied here, after the build and before the transaction.
 */
@ApplicationScoped
public class OutgoingMessages {

    /** A message ready to send: its MIME, {@code MAIL FROM}, {@code RCPT TO}, and its subject for the events. */
    public record Outgoing(MimeMessage message, String envelopeFrom, List<String> recipients, String subject) {
    }

    private final MessageFactory factory;
    private final SmtpClient smtp;
    private final DkimSigner dkim;
    private final MessageTracking tracking;
    private final ReturnPaths returnPaths;

    public OutgoingMessages(MessageFactory factory, SmtpClient smtp, DkimSigner dkim, MessageTracking tracking,
            ReturnPaths returnPaths) {
        this.factory = factory;
        this.smtp = smtp;
        this.dkim = dkim;
        this.tracking = tracking;
        this.returnPaths = returnPaths;
    }

    /** The job as it goes out; an invalid job (bad address, bad base64, unparsable MIME) says why. */
    public Outgoing prepare(SendJob job) throws InvalidJobException {
        List<String> recipients = Recipients.of(job);
        if (job.rawMime() == null) {
            MimeMessage message = factory.toMime(job, smtp.session());
            track(job, message, recipients);
            String from = Recipients.address(job.content().from(), "from").getAddress();
            return new Outgoing(dkim.sign(job, message), returnPaths.envelopeFrom(job, from), recipients,
                    job.content().subject());
        }
        if (job.envelopeTo() == null || job.envelopeTo().isEmpty()) {
            throw new InvalidJobException("raw_mime job has no envelope_to");
        }
        try {
            MimeMessage message = smtp.parse(MessageFactory.decode(job.rawMime(), "raw_mime"));
            completeHeaders(job, message);
            track(job, message, recipients);
            return new Outgoing(dkim.sign(job, message), returnPaths.envelopeFrom(job, job.envelopeFrom()), recipients,
                    message.getSubject());
        } catch (MessagingException e) {
            throw new InvalidJobException("raw_mime cannot be parsed: " + e.getMessage());
        }
    }

    /**
     * Link tracking, the open pixel, the text fallback and List-Unsubscribe, before DKIM signs the message; a
     * message whose parts cannot be read for it goes out without them.
     */
    private void track(SendJob job, MimeMessage message, List<String> recipients) {
        try {
            tracking.apply(job, message, recipients);
        } catch (MessagingException | java.io.IOException | RuntimeException e) {
            io.quarkus.logging.Log.warnf("message %s goes out without tracking: %s", job.messageId(),
                    e.getClass().getSimpleName());
        }
    }

    /**
     * RFC 5322 requires {@code Message-ID} (should) and {@code Date} (must); a relayed message that lacks them gets
     * ours: the Message-ID from the message id, so a retried job carries the same one, and the Date it was received.
     */
    private void completeHeaders(SendJob job, MimeMessage message) throws MessagingException, InvalidJobException {
        if (message.getHeader("Message-ID") == null) {
            message.setHeader("Message-ID", factory.messageIdHeader(job.messageId(), job.envelopeFrom()));
        }
        if (message.getHeader("Date") == null) {
            Instant received = job.receivedAt() != null ? job.receivedAt() : Instant.now();
            message.setSentDate(Date.from(received));
        }
    }
}
