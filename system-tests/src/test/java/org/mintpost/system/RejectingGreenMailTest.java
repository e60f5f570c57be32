package org.mintpost.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.ServerSetup;

/** The suite's SMTP sink refuses {@code reject-…} recipients at RCPT with 550 5.1.1 and takes the others. */
class RejectingGreenMailTest {

    @Test
    void refusesRejectRecipientsAtRcptAndDeliversTheOthers() throws Exception {
        RejectingGreenMail sink = new RejectingGreenMail(new ServerSetup(Suite.freePort(), "127.0.0.1",
                ServerSetup.PROTOCOL_SMTP));
        sink.start();
        try {
            Properties props = new Properties();
            props.put("mail.smtp.host", "127.0.0.1");
            props.put("mail.smtp.port", String.valueOf(sink.getSmtp().getPort()));
            props.put("mail.smtp.sendpartial", "true");
            Session session = Session.getInstance(props);
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress("shop@example.com"));
            m.setRecipients(Message.RecipientType.TO, "reject-one@example.org, fine@example.org");
            m.setSubject("Partly");
            m.setText("Hello");
            SendFailedException e;
            try (Transport transport = session.getTransport("smtp")) {
                transport.connect();
                e = assertThrows(SendFailedException.class, () -> transport.sendMessage(m, m.getAllRecipients()));
            }
            assertEquals(1, e.getValidSentAddresses().length);
            SMTPAddressFailedException refused = (SMTPAddressFailedException) e.getNextException();
            assertEquals(550, refused.getReturnCode());
            assertTrue(refused.getMessage().contains("5.1.1"), refused.getMessage());
            assertEquals(1, sink.getReceivedMessages().length);
            assertEquals(1, sink.rcptCount("REJECT-one@example.org"));
            assertEquals(1, sink.rcptCount("fine@example.org"));
        } finally {
            sink.stop();
        }
    }
}
