package org.mintpost.gateway.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.junit.jupiter.api.Test;

/** MIME built by Angus Mail, walked by the scan: names, encoded names, declared types, content, nesting. */
class AttachmentScanTest {

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final byte[] EXE = {'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0, 4, 0};

    @Test
    void aMessageWithoutAttachmentsOrWithHarmlessOnesPasses() throws Exception {
        assertNull(AttachmentScan.refusal(bytes(message(part("hello", "text/plain", null)))));
        assertNull(AttachmentScan.refusal(bytes(message(part("%PDF-1.7", "application/pdf", "invoice.pdf")))));
        assertNull(AttachmentScan.refusal("not MIME at all\r\n\r\n#!/bin/sh".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void refusesByNameEvenWhenTheNameIsEncoded() throws Exception {
        MimeBodyPart part = part("harmless", "application/octet-stream", null);
        part.setFileName(jakarta.mail.internet.MimeUtility.encodeText("f\u00e4ktura.exe", "UTF-8", "B"));
        assertTrue(AttachmentScan.refusal(bytes(message(part))).contains("cannot be attached"));
        String rfc2231 = "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n"
                + "--b\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Disposition: attachment; filename*0*=utf-8''set; filename*1*=up%2Eexe\r\n\r\nhi\r\n--b--\r\n";
        assertEquals("setup.exe: files of type .exe cannot be attached",
                AttachmentScan.refusal(rfc2231.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void refusesByContentUnderAnInnocentNameAndInsideAForwardedMessage() throws Exception {
        byte[] exeAsJpg = bytes(message(binaryPart(EXE, "image/jpeg", "photo.jpg")));
        assertTrue(AttachmentScan.refusal(exeAsJpg).contains("photo.jpg: the content is a Windows executable"));
        MimeBodyPart forwarded = new MimeBodyPart();
        forwarded.setContent(message(binaryPart(EXE, "image/jpeg", "photo.jpg")), "message/rfc822");
        assertTrue(AttachmentScan.refusal(bytes(message(forwarded))).contains("Windows executable"));
    }

    @Test
    void aBodyPartIsJudgedByItsTypeNeverSniffed() throws Exception {
        assertNull(AttachmentScan.refusal(bytes(message(part("#!/bin/sh is how scripts start", "text/plain",
                null)))));
        assertTrue(AttachmentScan.refusal(bytes(message(part("x", "application/x-msdownload", null))))
                .startsWith("a part: files of type application/x-msdownload"));
    }

    private static MimeBodyPart part(String content, String type, String filename) throws Exception {
        MimeBodyPart part = new MimeBodyPart();
        part.setContent(content, type);
        if (filename != null) {
            part.setFileName(filename);
        }
        return part;
    }

    private static MimeBodyPart binaryPart(byte[] content, String type, String filename) throws Exception {
        MimeBodyPart part = new MimeBodyPart();
        part.setContent(content, type);
        part.setFileName(filename);
        return part;
    }

    private static MimeMessage message(MimeBodyPart attachment) throws Exception {
        MimeMessage message = new MimeMessage(SESSION);
        message.setFrom("sender@example.com");
        message.setRecipients(jakarta.mail.Message.RecipientType.TO, "rcpt@example.org");
        message.setSubject("scan");
        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("body");
        mixed.addBodyPart(text);
        mixed.addBodyPart(attachment);
        message.setContent(mixed);
        message.saveChanges();
        return message;
    }

    private static byte[] bytes(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }
}
