package org.mintpost.dispatch.tracking;

import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.mintpost.contracts.event.SendJob;
import org.mintpost.contracts.tracking.TrackingId;
import org.mintpost.contracts.tracking.TrackingPaths;

import io.quarkus.logging.Log;

/**
 * What a job's tracking settings ({@link SendJob#tracking()}) do to its finished message, before DKIM signs it:
 * the HTML parts rewritten ({@link HtmlTracking}: click URLs, the open pixel), a text part made from the HTML when
 * the message has none and the route asks for it ({@link PlainText}), and on broadcast routes
 * {@code List-Unsubscribe} + {@code List-Unsubscribe-Post} unless the sender set their own. Text parts and
 * attachments are left alone. The tracking ids name the one recipient the message is made for: with several
 * recipients and ids in the message ({@link #namesRecipient}), each gets a message of their own.
 */
@ApplicationScoped
public class MessageTracking {

    private final byte[] key;
    private final String baseUrl;
    private final String mailto;

    public MessageTracking(TrackingConfig config) {
        this.key = config.key().filter(k -> !k.isBlank()).map(TrackingId::key).orElse(null);
        this.baseUrl = config.baseUrl();
        this.mailto = config.unsubscribeMailto().filter(m -> !m.isBlank()).orElse(null);
        if (key == null) {
            Log.info("mintpost.tracking.key is not set: opens, clicks and hosted unsubscribe links are not added");
        }
    }

    /**
     * True when the job's tracking settings put ids that name a recipient into the message (pixel, click links,
     * List-Unsubscribe): then each recipient needs a message of their own.
     */
    public boolean namesRecipient(SendJob job) {
        SendJob.Tracking t = job.tracking();
        return key != null && t != null && (t.trackOpens() || t.trackClicks() || t.hostedUnsubscribe());
    }

    /** {@code message}, made for {@code to}, changed in place as the job's tracking settings say. */
    public void apply(SendJob job, MimeMessage message, String to) throws MessagingException, IOException {
        SendJob.Tracking t = job.tracking();
        if (t == null || to == null) {
            return;
        }
        Instant now = Instant.now();
        String recipient = to.toLowerCase(Locale.ROOT);
        boolean signing = key != null;
        UnaryOperator<String> clicks = signing && t.trackClicks()
                ? url -> link(TrackingPaths.CLICK, id(job, TrackingId.CLICK, recipient, now, url)) : null;
        String pixel = signing && t.trackOpens()
                ? link(TrackingPaths.OPEN, id(job, TrackingId.OPEN, recipient, now, "")) : null;
        boolean fallback = t.plaintextFallback() && !has(message, "text/plain");
        boolean changed = false;
        if (clicks != null || pixel != null || fallback) {
            changed = walk(message, clicks, pixel, fallback);
        }
        if (signing && t.hostedUnsubscribe() && message.getHeader("List-Unsubscribe") == null) {
            String url = link(TrackingPaths.UNSUBSCRIBE, id(job, TrackingId.UNSUBSCRIBE, recipient, now, ""));
            message.setHeader("List-Unsubscribe", "<" + url + ">" + (mailto == null ? "" : ", <mailto:" + mailto
                    + "?subject=unsubscribe>"));
            message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            changed = true;
        }
        if (changed) {
            String messageId = message.getHeader("Message-ID", null);
            message.saveChanges();
            if (messageId != null) {
                message.setHeader("Message-ID", messageId);
            }
        }
    }

    private String id(SendJob job, String kind, String recipient, Instant now, String url) {
        return new TrackingId(kind, job.messageId(), job.teamId(), job.projectId(), job.routeId(), recipient, now,
                url).sign(key);
    }

    private String link(String path, String id) {
        return TrackingPaths.url(baseUrl, path, id);
    }

    /** Rewrites every HTML part under {@code part}; true when one was found. */
    private static boolean walk(Part part, UnaryOperator<String> clicks, String pixel, boolean fallback)
            throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            boolean changed = false;
            for (int i = 0; i < multipart.getCount(); i++) {
                changed |= walk(multipart.getBodyPart(i), clicks, pixel, fallback);
            }
            return changed;
        }
        if (!part.isMimeType("text/html") || Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return false;
        }
        String html = String.valueOf(part.getContent());
        String rewritten = clicks == null && pixel == null ? html : HtmlTracking.rewrite(html, clicks, pixel);
        if (fallback) {
            MimeBodyPart text = new MimeBodyPart();
            text.setText(PlainText.of(html), "UTF-8");
            MimeBodyPart htmlPart = new MimeBodyPart();
            htmlPart.setText(rewritten, "UTF-8", "html");
            MimeMultipart alternative = new MimeMultipart("alternative");
            alternative.addBodyPart(text);
            alternative.addBodyPart(htmlPart);
            part.setContent(alternative);
            part.removeHeader("Content-Transfer-Encoding");
        } else {
            setHtml(part, rewritten);
        }
        return true;
    }

    private static void setHtml(Part part, String html) throws MessagingException {
        if (part instanceof MimeMessage m) {
            m.setText(html, "UTF-8", "html");
        } else if (part instanceof MimeBodyPart b) {
            b.setText(html, "UTF-8", "html");
        } else {
            part.setContent(html, "text/html; charset=UTF-8");
        }
    }

    private static boolean has(Part part, String type) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                if (has(child, type)) {
                    return true;
                }
            }
            return false;
        }
        return part.isMimeType(type) && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition());
    }
}
