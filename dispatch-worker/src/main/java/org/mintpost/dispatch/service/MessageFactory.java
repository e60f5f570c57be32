package org.mintpost.dispatch.service;

import java.io.UnsupportedEncodingException;
import java.net.URLConnection;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.activation.DataHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;

import org.mintpost.contracts.event.EmailContent;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.dispatch.config.DispatchConfig;

import org.eclipse.angus.mail.smtp.SMTPMessage;

/**
 * Turns a job into what an SMTP client sends: a MIME message for API jobs (html + text alternative,
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

    /**
     * The message of an API job, ready to send: {@code multipart/mixed} (regular attachments) around
     * {@code multipart/related} (inline attachments) around {@code multipart/alternative} (text and html),
     * each level only when needed. Bcc stays in the envelope.
     */
    public MimeMessage toMime(SendJob job, Session session) throws InvalidJobException {
        EmailContent c = job.content();
        if (c == null) {
            throw new InvalidJobException("job has neither content nor raw_mime");
        }
        if (c.from() == null || c.from().isBlank()) {
            throw new InvalidJobException("content.from is missing");
        }
        InternetAddress from = Recipients.address(c.from(), "from");
        if (Recipients.of(job).isEmpty()) {
            throw new InvalidJobException("job has no recipients");
        }
        Map<String, String> given = c.headers() == null ? Map.of() : c.headers();
        String callerMessageId = null;
        boolean preserve = false;
        List<Map.Entry<String, String>> custom = new ArrayList<>();
        for (Map.Entry<String, String> h : given.entrySet()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("message-id")) {
                callerMessageId = h.getValue();
            } else if (name.equals(PRESERVE_MESSAGE_ID.toLowerCase(Locale.ROOT))) {
                preserve = "true".equalsIgnoreCase(h.getValue() == null ? "" : h.getValue().strip());
            } else if (!RESERVED.contains(name) && h.getValue() != null) {
                custom.add(h);
            }
        }
        String messageId = preserve && callerMessageId != null && !callerMessageId.isBlank()
                ? callerMessageId.strip()
                : messageIdHeader(job.messageId(), c.from());
        try {
            MimeMessage mail = new OwnMessageId(session, messageId);
            mail.setFrom(from);
            mail.setRecipients(Message.RecipientType.TO, addresses(c.to(), "to"));
            mail.setRecipients(Message.RecipientType.CC, addresses(c.cc(), "cc"));
            mail.setReplyTo(addresses(c.replyTo(), "reply_to"));
            mail.setSubject(c.subject() == null ? "" : c.subject(), "UTF-8");
            mail.setSentDate(new Date());
            for (Map.Entry<String, String> h : custom) {
                mail.addHeader(h.getKey(), MimeUtility.fold(h.getKey().length() + 2,
                        MimeUtility.encodeText(h.getValue(), "UTF-8", null)));
            }
            body(mail, c);
            mail.saveChanges();
            return mail;
        } catch (MessagingException | UnsupportedEncodingException e) {
            throw new InvalidJobException("the message cannot be built: " + e.getMessage());
        }
    }

    /** Sets the content of {@code mail}: the text/html body, wrapped in related and mixed parts as needed. */
    private void body(MimeMessage mail, EmailContent c) throws MessagingException, InvalidJobException {
        List<MimeBodyPart> regular = new ArrayList<>();
        List<MimeBodyPart> inline = new ArrayList<>();
        if (c.attachments() != null) {
            int i = 0;
            for (EmailContent.Attachment a : c.attachments()) {
                byte[] data = decode(a.content(), "attachments." + i + ".content");
                String name = a.filename() == null ? "attachment-" + i : a.filename();
                MimeBodyPart part = new MimeBodyPart();
                part.setDataHandler(new DataHandler(new ByteArrayDataSource(data, contentType(a.contentType(), name))));
                part.setFileName(name);
                if (a.contentId() != null && !a.contentId().isBlank()) {
                    part.setDisposition(Part.INLINE);
                    part.setContentID("<" + a.contentId() + ">");
                    inline.add(part);
                } else {
                    part.setDisposition(Part.ATTACHMENT);
                    regular.add(part);
                }
                i++;
            }
        }
        MimeBodyPart text = null;
        if (c.text() != null || c.html() == null) {
            text = new MimeBodyPart();
            text.setText(c.text() == null ? "" : c.text(), "UTF-8");
        }
        MimeBodyPart html = null;
        if (c.html() != null) {
            html = new MimeBodyPart();
            html.setText(c.html(), "UTF-8", "html");
        }
        // the outermost level so far: a multipart, or the single text or html part
        MimeMultipart level = text != null && html != null ? multipart("alternative", List.of(text, html)) : null;
        MimeBodyPart single = level == null ? (text != null ? text : html) : null;
        if (!inline.isEmpty()) {
            level = multipart("related", concat(single != null ? single : wrap(level), inline));
            single = null;
        }
        if (!regular.isEmpty()) {
            level = multipart("mixed", concat(single != null ? single : wrap(level), regular));
            single = null;
        }
        if (level != null) {
            mail.setContent(level);
        } else if (single == text) {
            mail.setText(c.text() == null ? "" : c.text(), "UTF-8");
        } else {
            mail.setText(c.html(), "UTF-8", "html");
        }
    }

    private static MimeMultipart multipart(String subtype, List<MimeBodyPart> parts) throws MessagingException {
        MimeMultipart multipart = new MimeMultipart(subtype);
        for (MimeBodyPart part : parts) {
            multipart.addBodyPart(part);
        }
        return multipart;
    }

    private static MimeBodyPart wrap(MimeMultipart multipart) throws MessagingException {
        MimeBodyPart wrapper = new MimeBodyPart();
        wrapper.setContent(multipart);
        return wrapper;
    }

    private static List<MimeBodyPart> concat(MimeBodyPart first, List<MimeBodyPart> rest) {
        List<MimeBodyPart> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private static InternetAddress[] addresses(List<String> values, String field) throws InvalidJobException {
        List<String> list = Recipients.list(values);
        InternetAddress[] out = new InternetAddress[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Recipients.address(list.get(i), field);
        }
        return out.length == 0 ? null : out;
    }

    /** A message that keeps the Message-ID we gave it ({@code saveChanges()} would make up another). */
    static final class OwnMessageId extends SMTPMessage {

        private final String messageId;

        OwnMessageId(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }

    /** The Message-ID we give a message: {@code <message_id@domain>}. */
    String messageIdHeader(String messageId, String from) throws InvalidJobException {
        String domain = config.messageIdDomain().filter(d -> !d.isBlank()).orElse(null);
        if (domain == null) {
            String address = Recipients.address(from, "from").getAddress();
            int at = address.lastIndexOf('@');
            domain = at < 0 ? "localhost" : address.substring(at + 1);
        }
        return "<" + messageId + "@" + domain + ">";
    }

    static byte[] decode(String base64, String field) throws InvalidJobException {
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
}
