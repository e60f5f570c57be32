package org.mintpost.dispatch.direct;

import java.io.IOException;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;

import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Angus's SMTP transport to one MX host that tells a kept connection found dead at {@code MAIL FROM} (closed by the
 * host while idle) from every other failure: nothing was accepted then, so the message may go at once on a new one.
 */
final class MxTransport extends SMTPTransport {

    /** The connection was dead before {@code MAIL FROM} was answered: nothing was sent. */
    static final class DeadBeforeMail extends MessagingException {
        DeadBeforeMail(MessagingException cause) {
            super("connection found closed at MAIL FROM", cause);
        }
    }

    MxTransport(Session session) {
        super(session, new URLName("smtp", null, -1, null, null, null));
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
