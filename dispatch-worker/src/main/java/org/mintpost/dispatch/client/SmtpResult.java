package org.mintpost.dispatch.client;

import jakarta.mail.MessagingException;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * What the upstream said about one attempt.
 *
 * @param kind     how to treat it
 * @param code     the SMTP reply code, null when there was no reply (connection trouble, timeout)
 * @param response the reply text or a short description of the error
 */
public record SmtpResult(Kind kind, Integer code, String response) {

    public enum Kind {
        /** 2xx: the upstream took responsibility for the message. */
        ACCEPTED,
        /** 4xx, a dropped connection, a timeout: worth another try later. */
        TRANSIENT,
        /** 5xx: it will never work. */
        PERMANENT
    }

    public static SmtpResult accepted(Integer code, String response) {
        return new SmtpResult(Kind.ACCEPTED, code, response);
    }

    public static SmtpResult transientFailure(Integer code, String response) {
        return new SmtpResult(Kind.TRANSIENT, code, response);
    }

    /**
     * Classifies a reply code: 5xx permanent, anything else (4xx, unknown) transient. A code that is not
     * a reply code (Angus says -1 when the connection dropped before a reply) becomes null.
     */
    public static SmtpResult failure(Integer code, String response) {
        if (code != null && code >= 500 && code < 600) {
            return new SmtpResult(Kind.PERMANENT, code, response);
        }
        return new SmtpResult(Kind.TRANSIENT, code != null && code >= 100 && code < 600 ? code : null, response);
    }

    /** The reply of a refused step, or a transient failure when there was none (connection trouble, timeout). */
    static SmtpResult classify(MessagingException e) {
        Exception t = e;
        while (t != null) {
            if (t instanceof SMTPSendFailedException f) {
                return SmtpResult.failure(f.getReturnCode(), lastLine(f.getMessage()));
            }
            if (t instanceof SMTPAddressFailedException f) {
                return SmtpResult.failure(f.getReturnCode(), lastLine(f.getMessage()));
            }
            if (t instanceof SMTPSenderFailedException f) {
                return SmtpResult.failure(f.getReturnCode(), lastLine(f.getMessage()));
            }
            t = t instanceof MessagingException m ? m.getNextException() : null;
        }
        return SmtpResult.transientFailure(null, describe(e));
    }

    /** The failure and, when there is one, its root cause: "… reading response (SocketTimeoutException: …)". */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == failure ? name(failure) : name(failure) + " (" + name(root) + ")";
    }

    private static String name(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    static String lastLine(String response) {
        if (response == null) {
            return null;
        }
        String trimmed = response.strip();
        int nl = trimmed.lastIndexOf('\n');
        return nl < 0 ? trimmed : trimmed.substring(nl + 1).strip();
    }

}
