package org.mintpost.audit.service;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Properties;
import java.util.zip.GZIPInputStream;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/** Reads a kept message: its MIME bytes from the gzip, and its first HTML or plain-text body. */
final class MimeBodies {

    private static final Session SESSION = Session.getInstance(new Properties());
    /** Parts deeper than this are not looked into (a hostile nesting costs nothing). */
    private static final int MAX_DEPTH = 10;

    private MimeBodies() {
    }

    static byte[] gunzip(byte[] gzip) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(gzip.length * 4);
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("kept content is not gzip: " + e.getMessage(), e);
        }
    }

    /** The first inline body of {@code mimeType} ({@code text/html} or {@code text/plain}), if any. */
    static Optional<String> body(byte[] mime, String mimeType) {
        try {
            return find(new MimeMessage(SESSION, new ByteArrayInputStream(mime)), mimeType, 0);
        } catch (MessagingException | IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> find(Part part, String mimeType, int depth) throws MessagingException,
            IOException {
        if (depth > MAX_DEPTH || Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return Optional.empty();
        }
        if (part.isMimeType(mimeType)) {
            Object content = part.getContent();
            return content instanceof String text ? Optional.of(text) : Optional.empty();
        }
        if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                Optional<String> found = find(child, mimeType, depth + 1);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }
}
