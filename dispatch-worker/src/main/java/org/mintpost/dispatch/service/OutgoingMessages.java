package org.mintpost.dispatch.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.mintpost.contracts.event.SendJob;
import org.mintpost.dispatch.bounces.ReturnPaths;
import org.mintpost.dispatch.client.MessageTransport;
import org.mintpost.dispatch.client.SmtpClient;
import org.mintpost.dispatch.client.SmtpResult;
import org.mintpost.dispatch.direct.ResultMerge;
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

    /**
     * A message ready to send: its MIME, {@code MAIL FROM}, {@code RCPT TO}, and its subject for the events. With
     * tracking ids in it and several recipients, {@code perRecipient} holds each recipient's own message (its ids
     * name that recipient; {@code message} is the first one's) and each goes in a transaction of its own.
     */
    public record Outgoing(MimeMessage message, String envelopeFrom, List<String> recipients, String subject,
            Map<String, MimeMessage> perRecipient) {

        public Outgoing(MimeMessage message, String envelopeFrom, List<String> recipients, String subject) {
            this(message, envelopeFrom, recipients, subject, Map.of());
        }

        /** One transaction to all of {@code to}; with per-recipient messages one each, their replies merged. */
        public SmtpResult send(MessageTransport transport, SendJob job, List<String> to) {
            if (perRecipient.isEmpty()) {
                return transport.send(job, message, envelopeFrom, to);
            }
            Map<String, List<String>> each = new LinkedHashMap<>();
            Map<String, SmtpResult> results = new LinkedHashMap<>();
            for (String r : to) {
                if (each.putIfAbsent(r, List.of(r)) == null) {
                    results.put(r, transport.send(job, perRecipient.getOrDefault(r, message), envelopeFrom,
                            List.of(r)));
                }
            }
            return ResultMerge.merge(each, results);
        }
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
            String from = Recipients.address(job.content().from(), "from").getAddress();
            return finish(job, message, returnPaths.envelopeFrom(job, from), recipients, job.content().subject());
        }
        if (job.envelopeTo() == null || job.envelopeTo().isEmpty()) {
            throw new InvalidJobException("raw_mime job has no envelope_to");
        }
        try {
            MimeMessage message = smtp.parse(MessageFactory.decode(job.rawMime(), "raw_mime"));
            completeHeaders(job, message);
            return finish(job, message, returnPaths.envelopeFrom(job, job.envelopeFrom()), recipients,
                    message.getSubject());
        } catch (MessagingException e) {
            throw new InvalidJobException("raw_mime cannot be parsed: " + e.getMessage());
        }
    }

    /**
     * Tracked and DKIM-signed: one message for all recipients, or, when the tracking ids name a recipient and there
     * are several, a copy of the built message for each, tracked for that recipient and signed.
     */
    private Outgoing finish(SendJob job, MimeMessage message, String envelopeFrom, List<String> recipients,
            String subject) throws InvalidJobException {
        if (recipients.size() < 2 || !tracking.namesRecipient(job)) {
            track(job, message, recipients.isEmpty() ? null : recipients.get(0));
            return new Outgoing(dkim.sign(job, message), envelopeFrom, recipients, subject);
        }
        Map<String, MimeMessage> each = new LinkedHashMap<>();
        try {
            ByteArrayOutputStream untracked = new ByteArrayOutputStream(8192);
            message.writeTo(untracked);
            for (String r : recipients) {
                if (!each.containsKey(r)) {
                    MimeMessage copy = each.isEmpty() ? message : smtp.parse(untracked.toByteArray());
                    track(job, copy, r);
                    each.put(r, dkim.sign(job, copy));
                }
            }
        } catch (MessagingException | IOException e) {
            throw new InvalidJobException("the message cannot be copied for each recipient: " + e.getMessage());
        }
        return new Outgoing(each.values().iterator().next(), envelopeFrom, recipients, subject, Map.copyOf(each));
    }

    /**
     * Link tracking, the open pixel, the text fallback and List-Unsubscribe for {@code recipient}, before DKIM signs
     * the message; a message whose parts cannot be read for it goes out without them.
     */
    private void track(SendJob job, MimeMessage message, String recipient) {
        try {
            tracking.apply(job, message, recipient);
        } catch (MessagingException | IOException | RuntimeException e) {
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
