package org.mintpost.dispatch.client;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * What the upstream said about one attempt.
 *
 * @param kind     how to treat it
 * @param code     the SMTP reply code, null when there was no reply (connection trouble, timeout)
 * @param response the reply text or a short description of the error
 * @param refused  recipients the upstream refused at {@code RCPT} (bare address, lower case, to its reply) while it
 *                 took the message for the others; empty unless the message went out to some of them only
 */
public record SmtpResult(Kind kind, Integer code, String response, Map<String, SmtpResult> refused) {

    public SmtpResult(Kind kind, Integer code, String response) {
        this(kind, code, response, Map.of());
    }

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
    public static SmtpResult classify(MessagingException e) {
        Map<String, SmtpResult> refused = refused(e);
        if (e instanceof SendFailedException partial && partial.getValidSentAddresses() != null
                && partial.getValidSentAddresses().length > 0) {
            // sent to some recipients: the message is accepted for them, the others are told one by one
            return new SmtpResult(Kind.ACCEPTED, 250, "partly accepted", refused);
        }
        SmtpResult base = base(e);
        if (refused.isEmpty()) {
            return base;
        }
        // every recipient refused: permanent only when every refusal is
        boolean anyTransient = refused.values().stream().anyMatch(r -> r.kind() != Kind.PERMANENT);
        return new SmtpResult(anyTransient ? Kind.TRANSIENT : Kind.PERMANENT, base.code(), base.response(), refused);
    }

    /** The recipients refused for good at {@code RCPT}. */
    public Map<String, SmtpResult> refusedForGood() {
        Map<String, SmtpResult> out = new LinkedHashMap<>();
        refused.forEach((r, reply) -> {
            if (reply.kind() == Kind.PERMANENT) {
                out.put(r, reply);
            }
        });
        return out;
    }

    /** Each recipient refused at {@code RCPT}, with its own reply. */
    private static Map<String, SmtpResult> refused(MessagingException e) {
        Map<String, SmtpResult> out = new LinkedHashMap<>();
        for (Exception t = e; t != null; t = t instanceof MessagingException m ? m.getNextException() : null) {
            if (t instanceof SMTPAddressFailedException f && f.getAddress() != null) {
                out.putIfAbsent(bare(f.getAddress()), SmtpResult.failure(f.getReturnCode(), lastLine(f.getMessage())));
            }
        }
        return Map.copyOf(out);
    }

    private static String bare(Address address) {
        String value = address instanceof InternetAddress ia ? ia.getAddress() : address.toString();
        return value.toLowerCase(Locale.ROOT);
    }

    private static SmtpResult base(MessagingException e) {
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
    public static String describe(Throwable failure) {
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

    public static String lastLine(String response) {
        if (response == null) {
            return null;
        }
        String trimmed = response.strip();
        int nl = trimmed.lastIndexOf('\n');
        return nl < 0 ? trimmed : trimmed.substring(nl + 1).strip();
    }

}
