package org.mintpost.gateway.bounces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mintpost.gateway.bounces.BounceReports.Kind;
import org.mintpost.gateway.bounces.BounceReports.Outcome;
import org.mintpost.gateway.bounces.BounceReports.Report;
import org.mintpost.testing.BounceMessages;
import org.mintpost.testing.BounceMessages.Rcpt;

/** The report parser on its own (mime4j), with DSNs and abuse reports as receiving systems write them. */
class BounceReportsTest {

    private static Report parse(String raw) {
        return BounceReports.parse(raw.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aDsnGivesEachRecipientItsOutcome() {
        Report r = parse(BounceMessages.dsn("b-x@bounces.test", "<m1@example.com>",
                List.of(Rcpt.failed("Gone@Example.org"), Rcpt.delayed("slow@example.org"),
                        new Rcpt("soft@example.org", "failed", "4.2.2", "smtp; 452 4.2.2 mailbox full"))));
        assertEquals("delivery-status", r.type());
        List<Outcome> o = r.outcomes();
        assertEquals(3, o.size());
        assertEquals(new Outcome("gone@example.org", Kind.HARD_BOUNCE, "5.1.1", 550, o.get(0).diagnostic()), o.get(0));
        assertEquals("smtp; 550 5.1.1 <Gone@Example.org>: Recipient address rejected: User unknown in virtual"
                + " mailbox table", o.get(0).diagnostic());
        assertEquals(Kind.DELIVERED_OR_DELAYED, o.get(1).kind());
        assertEquals(Kind.SOFT_BOUNCE, o.get(2).kind());
        assertEquals(452, o.get(2).smtpCode());
    }

    @Test
    void anAbuseReportNamesTheComplainer() {
        Report r = parse(BounceMessages.arf("b-x@bounces.test", "Reader@Example.net", true));
        assertEquals("feedback-report", r.type());
        assertEquals(List.of(new Outcome("reader@example.net", Kind.COMPLAINT, null, null, "feedback-type abuse")),
                r.outcomes());
        // without Original-Rcpt-To, the returned message's To
        Report bare = parse(BounceMessages.arf("b-x@bounces.test", "other@example.net", false));
        assertEquals("other@example.net", bare.outcomes().get(0).recipient());
    }

    @Test
    void whatIsNoReportIsNone() {
        assertNull(parse(BounceMessages.autoReply("b-x@bounces.test")).type());
        assertNull(parse("").type());
        assertNull(parse("\u0000\u0001garbage\r\n\r\n--").type());
        assertEquals(List.of(), parse("Content-Type: multipart/report; report-type=delivery-status; boundary=x\r\n"
                + "\r\n--x\r\nContent-Type: text/plain\r\n\r\nno status part\r\n--x--\r\n").outcomes());
        assertNull(parse("Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n\r\nhi\r\n--x--\r\n").type());
    }
}
