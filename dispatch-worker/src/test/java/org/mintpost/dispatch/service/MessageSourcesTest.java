package org.mintpost.dispatch.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Properties;
import java.util.Random;
import java.util.zip.GZIPInputStream;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

import org.junit.jupiter.api.Test;

/**
 * The content record's gzip, written with a deflater each thread keeps: any gzip reader gets back exactly the
 * bytes the SMTP transport sends (no Bcc), message after message on the same thread.
 */
class MessageSourcesTest {

    @Test
    void eachMessageGunzipsToItsWireBytesWhileTheThreadReusesItsDeflater() throws Exception {
        for (int size : new int[] {0, 10, 300_000, 50}) {
            MimeMessage message = message(size);
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            message.writeTo(wire, new String[] {"Bcc", "Content-Length"});
            byte[] gzip = MessageSources.gzip(message);
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
                assertArrayEquals(wire.toByteArray(), in.readAllBytes(), "message with " + size + " bytes attached");
            }
        }
    }

    private static MimeMessage message(int attachmentBytes) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(new InternetAddress("a@example.com"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("b@example.org"));
        m.setRecipient(Message.RecipientType.BCC, new InternetAddress("hidden@example.org"));
        m.setSubject("Grüße", "UTF-8");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Grüße aus Köln, a line long enough that quoted-printable has to break it somewhere "
                + "= and with an equals sign", "UTF-8");
        MimeBodyPart file = new MimeBodyPart();
        byte[] data = new byte[attachmentBytes];
        new Random(attachmentBytes).nextBytes(data);
        file.setDataHandler(new DataHandler(new ByteArrayDataSource(data, "application/octet-stream")));
        file.setFileName("data.bin");
        m.setContent(new MimeMultipart(text, file));
        m.saveChanges();
        return m;
    }
}
