package org.mintpost.dispatch.client;

import java.io.IOException;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;

import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Angus's SMTP transport, kept open between messages, that tells a connection found dead at {@code MAIL FROM}
 * (the upstream closed it while idle: no reply, or an end of stream) from every other failure. Nothing of the
 * message has been accepted then, so the sender may try once more on a new connection at once, and a connection
 * used moments ago is reused without the {@code NOOP} round trip that would otherwise check it first. Used for the
 * smarthost ({@code SmtpClient}) and for each MX host in direct mode ({@code DirectTransport}).
 */
public final class ReusableTransport extends SMTPTransport {

    /** The connection was dead before {@code MAIL FROM} was answered: nothing was sent. */
    public static final class DeadBeforeMail extends MessagingException {
        DeadBeforeMail(MessagingException cause) {
            super("connection found closed at MAIL FROM", cause);
        }
    }

    public ReusableTransport(Session session, boolean tls) {
        super(session, new URLName(tls ? "smtps" : "smtp", null, -1, null, null, null), tls ? "smtps" : "smtp", tls);
    }

    @Override
    protected void mailFrom() throws MessagingException {
        try {
            super.mailFrom();
        } catch (MessagingException e) {
            if (noReply(e)) {
                throw new DeadBeforeMail(e);
            }
            throw e;
        }
    }

    /** No SMTP reply at all: an I/O failure, or the end of stream Angus reports as code -1. */
    private static boolean noReply(MessagingException e) {
        if (e instanceof SMTPSendFailedException f && f.getReturnCode() == -1) {
            return true;
        }
        for (Throwable t = e; t != null; t = t instanceof MessagingException m ? m.getNextException() : null) {
            if (t instanceof IOException || t.getCause() instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
