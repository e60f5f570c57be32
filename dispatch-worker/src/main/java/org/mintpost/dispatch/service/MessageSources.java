package org.mintpost.dispatch.service;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.mintpost.contracts.event.MessageSource;
import org.mintpost.contracts.event.SendJob;

/**
 * The content record of a message that went out: its MIME written as the SMTP transport writes it (without
 * {@code Bcc} and {@code Content-Length}, DKIM signature included), gzip-compressed; for a route or project with
 * {@code redact_email_content} only the record that it was redacted. Written once per delivered message on a
 * sender thread, so each thread keeps one deflater (a new one allocates and clears zlib's buffers) and the MIME's
 * small writes (an encoder may write byte by byte) are gathered before they reach it.
 */
public final class MessageSources {

    /** What the SMTP transport leaves out of the DATA it sends. */
    private static final String[] NOT_SENT = {"Bcc", "Content-Length"};
    /** gzip's header: magic, deflate, no flags, no time, no extra flags, unknown OS. */
    private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    private static final ThreadLocal<Deflater> DEFLATERS =
            ThreadLocal.withInitial(() -> new Deflater(Deflater.DEFAULT_COMPRESSION, true));

    private MessageSources() {
    }

    public static MessageSource of(SendJob job, MimeMessage message, Instant at) {
        if (job.redacted()) {
            return new MessageSource(job.messageId(), job.teamId(), job.projectId(), at, MessageSource.SCHEMA_VERSION,
                    null, MessageSource.REDACTED);
        }
        byte[] bytes;
        try {
            bytes = gzip(message);
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException("the sent message cannot be written again: " + e.getMessage(), e);
        }
        boolean tooLarge = bytes.length > MessageSource.MAX_GZIP_BYTES;
        return new MessageSource(job.messageId(), job.teamId(), job.projectId(), at, MessageSource.SCHEMA_VERSION,
                tooLarge ? null : bytes, tooLarge ? MessageSource.TOO_LARGE : null);
    }

    static byte[] gzip(MimeMessage message) throws IOException, MessagingException {
        Deflater deflater = DEFLATERS.get();
        deflater.reset();
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(2048);
        compressed.write(GZIP_HEADER);
        CRC32 crc = new CRC32();
        DeflaterOutputStream deflating = new DeflaterOutputStream(compressed, deflater, 8192);
        OutputStream out = new BufferedOutputStream(new CheckedOutputStream(deflating, crc), 8192);
        message.writeTo(out, NOT_SENT);
        out.flush();
        deflating.finish(); // not close(): the deflater stays this thread's
        int size = (int) deflater.getBytesRead();
        writeIntLe(compressed, (int) crc.getValue());
        writeIntLe(compressed, size);
        return compressed.toByteArray();
    }

    private static void writeIntLe(ByteArrayOutputStream out, int value) {
        out.write(value);
        out.write(value >>> 8);
        out.write(value >>> 16);
        out.write(value >>> 24);
    }
}
