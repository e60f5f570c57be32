package org.mintpost.dispatch.client;

import java.util.List;

import jakarta.mail.internet.MimeMessage;

import org.mintpost.contracts.event.SendJob;

/**
 * The one step a delivery attempt calls to hand a prepared message over: to the configured upstream
 * ({@code mintpost.delivery.mode=smarthost}, {@link SmtpClient}) or to the recipients' own mail servers
 * ({@code direct}, {@code org.mintpost.dispatch.direct}). Called on a sender thread; answers with the outcome of
 * the whole attempt, each refused recipient with its own reply.
 */
@FunctionalInterface
public interface MessageTransport {

    SmtpResult send(SendJob job, MimeMessage message, String envelopeFrom, List<String> recipients);
}
