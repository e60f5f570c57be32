package org.mintpost.dispatch.service;

import java.net.URLConnection;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import org.mintpost.contracts.event.EmailContent;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.dispatch.config.DispatchConfig;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.mail.MailAttachment;
import io.vertx.ext.mail.MailMessage;

/**
 * Turns a job into what an SMTP client sends: a Vert.x {@link MailMessage} for API jobs (html + text alternative,
 * inline and regular attachments, reply-to, cc, custom headers, our Message-ID unless the caller
 * asked to keep theirs; tags and metadata never become headers), the decoded bytes for SMTP jobs.
 */
@ApplicationScoped
public class MessageFactory {

    static final String PRESERVE_MESSAGE_ID = "X-LM-Preserve-Message-ID";

    /** Headers the message structure owns: a custom header of that name would duplicate or break it. */
    private static final Set<String> RESERVED = Set.of("from", "to", "cc", "bcc", "subject", "reply-to", "date",
            "mime-version", "content-type", "content-transfer-encoding", "message-id",
            PRESERVE_MESSAGE_ID.toLowerCase(Locale.ROOT));

    private final DispatchConfig config;

    public MessageFactory(DispatchConfig config) {
        this.config = config;
    }

    public MailMessage toMail(SendJob job) throws InvalidJobException {
        EmailContent c = job.content();
        if (c == null) {
            throw new InvalidJobException("job has neither content nor raw_mime");
        }
        if (c.from() == null || c.from().isBlank()) {
            throw new InvalidJobException("content.from is missing");
        }
        parseAddress(c.from(), "from");
        if (recipients(job).isEmpty()) {
            throw new InvalidJobException("job has no recipients");
        }
        MailMessage mail = new MailMessage()
                .setFrom(c.from())
                .setSubject(c.subject() == null ? "" : c.subject());
        if (!list(c.to()).isEmpty()) {
            mail.setTo(c.to());
        }
        if (!list(c.cc()).isEmpty()) {
            mail.setCc(c.cc());
        }
        if (!list(c.bcc()).isEmpty()) {
            mail.setBcc(c.bcc());
        }
        if (c.text() != null) {
            mail.setText(c.text());
        }
        if (c.html() != null) {
            mail.setHtml(c.html());
        }
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        if (!list(c.replyTo()).isEmpty()) {
            headers.add("Reply-To", String.join(", ", c.replyTo()));
        }
        Map<String, String> given = c.headers() == null ? Map.of() : c.headers();
        String callerMessageId = null;
        boolean preserve = false;
        for (Map.Entry<String, String> h : given.entrySet()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("message-id")) {
                callerMessageId = h.getValue();
            } else if (name.equals(PRESERVE_MESSAGE_ID.toLowerCase(Locale.ROOT))) {
                preserve = "true".equalsIgnoreCase(h.getValue() == null ? "" : h.getValue().strip());
            } else if (!RESERVED.contains(name) && h.getValue() != null) {
                headers.add(h.getKey(), h.getValue());
            }
        }
        headers.set("Message-ID", preserve && callerMessageId != null && !callerMessageId.isBlank()
                ? callerMessageId.strip()
                : messageIdHeader(job.messageId(), c.from()));
        mail.setHeaders(headers);
        if (c.attachments() != null) {
            List<MailAttachment> regular = new ArrayList<>();
            List<MailAttachment> inline = new ArrayList<>();
            int i = 0;
            for (EmailContent.Attachment a : c.attachments()) {
                byte[] data = decode(a.content(), "attachments." + i + ".content");
                String name = a.filename() == null ? "attachment-" + i : a.filename();
                MailAttachment part = MailAttachment.create().setName(name).setData(Buffer.buffer(data))
                        .setContentType(contentType(a.contentType(), name));
                if (a.contentId() != null && !a.contentId().isBlank()) {
                    inline.add(part.setDisposition("inline").setContentId("<" + a.contentId() + ">"));
                } else {
                    regular.add(part.setDisposition("attachment"));
                }
                i++;
            }
            if (!regular.isEmpty()) {
                mail.setAttachment(regular);
            }
            if (!inline.isEmpty()) {
                mail.setInlineAttachment(inline);
            }
        }
        return mail;
    }

    /** The Message-ID we give a message: {@code <message_id@domain>}. */
    String messageIdHeader(String messageId, String from) throws InvalidJobException {
        String domain = config.messageIdDomain().filter(d -> !d.isBlank()).orElse(null);
        if (domain == null) {
            String address = parseAddress(from, "from").getAddress();
            int at = address.lastIndexOf('@');
            domain = at < 0 ? "localhost" : address.substring(at + 1);
        }
        return "<" + messageId + "@" + domain + ">";
    }

    public byte[] rawMime(SendJob job) throws InvalidJobException {
        if (job.envelopeTo() == null || job.envelopeTo().isEmpty()) {
            throw new InvalidJobException("raw_mime job has no envelope_to");
        }
        return decode(job.rawMime(), "raw_mime");
    }

    /** Bare addresses of everyone the job goes to: to, cc and bcc, or the SMTP envelope. */
    public List<String> recipients(SendJob job) throws InvalidJobException {
        List<String> out = new ArrayList<>();
        if (job.rawMime() != null) {
            for (String r : list(job.envelopeTo())) {
                out.add(parseAddress(r, "envelope_to").getAddress());
            }
            return out;
        }
        EmailContent c = job.content();
        if (c == null) {
            return out;
        }
        for (List<String> group : List.of(list(c.to()), list(c.cc()), list(c.bcc()))) {
            for (String r : group) {
                out.add(parseAddress(r, "recipient").getAddress());
            }
        }
        return out;
    }

    private static InternetAddress parseAddress(String value, String field) throws InvalidJobException {
        try {
            return new InternetAddress(value, false);
        } catch (AddressException e) {
            throw new InvalidJobException(field + " is not an address: " + e.getMessage());
        }
    }

    private static byte[] decode(String base64, String field) throws InvalidJobException {
        if (base64 == null) {
            throw new InvalidJobException(field + " is missing");
        }
        try {
            return Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new InvalidJobException(field + " is not base64");
        }
    }

    private static String contentType(String given, String filename) {
        if (given != null && !given.isBlank()) {
            return given;
        }
        String guessed = URLConnection.guessContentTypeFromName(filename);
        return guessed == null ? "application/octet-stream" : guessed;
    }

    private static List<String> list(List<String> l) {
        return l == null ? List.of() : l;
    }
}
