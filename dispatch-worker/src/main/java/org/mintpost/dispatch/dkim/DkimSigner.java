package org.mintpost.dispatch.dkim;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.Address;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.apache.james.jdkim.DKIMSigner;
import org.apache.james.jdkim.exceptions.FailException;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.dispatch.dkim.SigningKeys.SigningKey;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;

/**
 * Signs a finished message just before its SMTP transaction, API and SMTP jobs alike: when its From domain
 * is verified for the job's project, a {@code DKIM-Signature} (rsa-sha256, relaxed/relaxed, {@code d=} that
 * domain, {@code s=} its active selector, the headers that matter) is computed over the exact bytes that go
 * on the wire (CRLF line ends) with Apache James jDKIM, and put in front of them. Anything else goes out as
 * it was. A signing failure never holds a message up: it is sent unsigned, counted and logged (no key
 * material in the log).
 */
@ApplicationScoped
public class DkimSigner {

    private final SigningKeys keys;
    private final DomainKeysReader reader;
    private final Session session = Session.getInstance(new Properties());
    private final MeterRegistry registry;
    private final List<String> signedHeaders;
    /** Until when deliveries wait for the domain keys to be read; after it (caught up or not), none waits. */
    private final long keysDeadline;

    public DkimSigner(SigningKeys keys, DomainKeysReader reader, DkimConfig config, MeterRegistry registry) {
        this.keys = keys;
        this.reader = reader;
        this.registry = registry;
        List<String> names = new ArrayList<>();
        for (String name : config.signedHeaders().split(":")) {
            if (!name.isBlank()) {
                names.add(name.strip().toLowerCase(Locale.ROOT));
            }
        }
        this.signedHeaders = Collections.unmodifiableList(names);
        this.keysDeadline = System.nanoTime() + config.startupWait().toNanos();
    }

    /** {@code message} signed when its From domain is verified for the job's project, else as it was. */
    public MimeMessage sign(SendJob job, MimeMessage message) {
        try {
            String domain = fromDomain(message);
            if (domain == null) {
                return count(message, "no_from");
            }
            awaitKeys();
            Optional<SigningKey> key = keys.forSender(domain, job.projectId());
            if (key.isEmpty()) {
                return count(message, "not_verified");
            }
            MimeMessage signed = sign(message, key.get());
            registry.counter("dispatch.dkim", "outcome", "signed").increment();
            return signed;
        } catch (IOException | MessagingException | FailException | RuntimeException e) {
            Log.warnf("message %s goes out unsigned: DKIM signing failed (%s)", job.messageId(),
                    e.getClass().getSimpleName());
            return count(message, "failed");
        }
    }

    MimeMessage sign(MimeMessage message, SigningKey key) throws IOException, MessagingException, FailException {
        byte[] wire = crlf(message);
        String template = "v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + key.domain() + "; s=" + key.selector()
                + "; h=" + String.join(":", present(message)) + "; bh=; b=;";
        String field = new DKIMSigner(template, key.key()).sign(new ByteArrayInputStream(wire));
        byte[] header = (field + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] signed = new byte[header.length + wire.length];
        System.arraycopy(header, 0, signed, 0, header.length);
        System.arraycopy(wire, 0, signed, header.length, wire.length);
        return new SMTPMessage(session, new ByteArrayInputStream(signed));
    }

    private List<String> present(MimeMessage message) throws MessagingException {
        Set<String> have = new LinkedHashSet<>();
        for (Header h : Collections.list(message.getAllHeaders())) {
            have.add(h.getName().toLowerCase(Locale.ROOT));
        }
        return signedHeaders.stream().filter(have::contains).toList();
    }

    /** The message as it goes on the wire: every line ending CRLF. */
    static byte[] crlf(MimeMessage message) throws IOException, MessagingException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream(8192);
        message.writeTo(raw, new String[] {"Bcc", "Content-Length"});
        byte[] in = raw.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 256);
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '\r') {
                out.write('\r');
                out.write('\n');
                if (i + 1 < in.length && in[i + 1] == '\n') {
                    i++;
                }
            } else if (b == '\n') {
                out.write('\r');
                out.write('\n');
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static String fromDomain(MimeMessage message) throws MessagingException {
        Address[] from = message.getFrom();
        if (from == null || from.length == 0 || !(from[0] instanceof InternetAddress address)) {
            return null;
        }
        String value = address.getAddress();
        int at = value == null ? -1 : value.lastIndexOf('@');
        return at < 0 ? null : value.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    private void awaitKeys() {
        while (!reader.isCaughtUp() && System.nanoTime() < keysDeadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private MimeMessage count(MimeMessage message, String outcome) {
        registry.counter("dispatch.dkim", "outcome", outcome).increment();
        return message;
    }
}
