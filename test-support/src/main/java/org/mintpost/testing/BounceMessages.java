package org.mintpost.testing;

import java.util.List;

/**
 * Reports as receiving systems send them back to a return path, for the bounce tests: an RFC 3464 delivery status
 * notification shaped like Postfix's, an RFC 5965 abuse report shaped like the RFC's own example, and mail that is
 * neither.
 */
public final class BounceMessages {

    /** One recipient group of a DSN. */
    public record Rcpt(String address, String action, String status, String diagnostic) {
        public static Rcpt failed(String address) {
            return new Rcpt(address, "failed", "5.1.1", "smtp; 550 5.1.1 <" + address + ">: Recipient address rejected:"
                    + " User unknown in virtual mailbox table");
        }

        public static Rcpt delayed(String address) {
            return new Rcpt(address, "delayed", "4.4.1", "smtp; 451 4.4.1 try again later");
        }
    }

    private BounceMessages() {
    }

    public static String dsn(String returnPath, String originalMessageId, List<Rcpt> rcpts) {
        StringBuilder status = new StringBuilder("Reporting-MTA: dns; mx.receiver.example\r\n"
                + "X-Postfix-Queue-ID: 4Fq2Zx1kLmz9\r\n"
                + "Arrival-Date: Mon, 7 Dec 2026 15:00:00 +0000 (UTC)\r\n");
        for (Rcpt r : rcpts) {
            status.append("\r\nFinal-Recipient: rfc822; ").append(r.address()).append("\r\n")
                    .append("Original-Recipient: rfc822;").append(r.address()).append("\r\n")
                    .append("Action: ").append(r.action()).append("\r\n")
                    .append("Status: ").append(r.status()).append("\r\n")
                    .append("Remote-MTA: dns; mx.receiver.example\r\n")
                    .append("Diagnostic-Code: ").append(r.diagnostic()).append("\r\n");
        }
        return "From: MAILER-DAEMON@mx.receiver.example (Mail Delivery System)\r\n"
                + "To: " + returnPath + "\r\n"
                + "Subject: Undelivered Mail Returned to Sender\r\n"
                + "Auto-Submitted: auto-replied\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status;\r\n"
                + "\tboundary=\"B1.1765119600/mx.receiver.example\"\r\n"
                + "\r\n"
                + "This is a MIME-encapsulated message.\r\n"
                + "\r\n"
                + "--B1.1765119600/mx.receiver.example\r\n"
                + "Content-Description: Notification\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n"
                + "\r\n"
                + "I'm sorry to have to inform you that your message could not\r\n"
                + "be delivered to one or more recipients.\r\n"
                + "\r\n"
                + "--B1.1765119600/mx.receiver.example\r\n"
                + "Content-Description: Delivery report\r\n"
                + "Content-Type: message/delivery-status\r\n"
                + "\r\n"
                + status
                + "\r\n"
                + "--B1.1765119600/mx.receiver.example\r\n"
                + "Content-Description: Undelivered Message Headers\r\n"
                + "Content-Type: text/rfc822-headers\r\n"
                + "\r\n"
                + "Return-Path: <" + returnPath + ">\r\n"
                + "Message-ID: " + originalMessageId + "\r\n"
                + "Subject: original\r\n"
                + "\r\n"
                + "--B1.1765119600/mx.receiver.example--\r\n";
    }

    public static String arf(String returnPath, String complainer, boolean withOriginalRcptTo) {
        return "From: <abuse@isp.example>\r\n"
                + "Date: Mon, 7 Dec 2026 15:00:00 +0000\r\n"
                + "Subject: FW: Earn money\r\n"
                + "To: <" + returnPath + ">\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=feedback-report;\r\n"
                + "     boundary=\"part1_13d.2e68ed54_boundary\"\r\n"
                + "\r\n"
                + "--part1_13d.2e68ed54_boundary\r\n"
                + "Content-Type: text/plain; charset=\"US-ASCII\"\r\n"
                + "Content-Transfer-Encoding: 7bit\r\n"
                + "\r\n"
                + "This is an email abuse report for an email message received from IP\r\n"
                + "192.0.2.1 on Mon, 7 Dec 2026 14:00:00 +0000.\r\n"
                + "\r\n"
                + "--part1_13d.2e68ed54_boundary\r\n"
                + "Content-Type: message/feedback-report\r\n"
                + "\r\n"
                + "Feedback-Type: abuse\r\n"
                + "User-Agent: SomeGenerator/1.0\r\n"
                + "Version: 1\r\n"
                + (withOriginalRcptTo ? "Original-Rcpt-To: <" + complainer + ">\r\n" : "")
                + "Original-Mail-From: <" + returnPath + ">\r\n"
                + "Arrival-Date: Mon, 7 Dec 2026 14:00:00 +0000\r\n"
                + "Source-IP: 192.0.2.1\r\n"
                + "\r\n"
                + "--part1_13d.2e68ed54_boundary\r\n"
                + "Content-Type: message/rfc822\r\n"
                + "Content-Disposition: inline\r\n"
                + "\r\n"
                + "From: <sender@example.com>\r\n"
                + "Received: from mailserver.example.net (mailserver.example.net [192.0.2.1])\r\n"
                + "        by example.com with ESMTP id M63d4137594e46;\r\n"
                + "        Mon, 7 Dec 2026 14:00:00 +0000\r\n"
                + "To: <" + complainer + ">\r\n"
                + "Subject: Earn money\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-type: text/plain\r\n"
                + "Message-ID: 8787KJKJ3K4J3K4J3K4J3.mail@example.net\r\n"
                + "Date: Mon, 7 Dec 2026 13:59:00 +0000\r\n"
                + "\r\n"
                + "Spam Spam Spam\r\n"
                + "\r\n"
                + "--part1_13d.2e68ed54_boundary--\r\n";
    }

    /** An out-of-office reply: mail to the return path that is no report. */
    public static String autoReply(String returnPath) {
        return "From: someone@receiver.example\r\nTo: " + returnPath + "\r\nSubject: Out of office\r\n"
                + "Auto-Submitted: auto-replied\r\n\r\nI am away until Monday.\r\n";
    }
}
