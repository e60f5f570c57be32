package org.mintpost.dispatch.client;

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
}
