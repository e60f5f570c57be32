package org.mintpost.gateway.bounces;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Header;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.message.DefaultMessageWriter;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;

/**
 * Reads what comes back to the return path, with Apache James mime4j: an RFC 3464 delivery status notification
 * ({@code multipart/report; report-type=delivery-status}: one {@code message/delivery-status} part, per recipient a
 * group with {@code Final-Recipient}, {@code Action}, {@code Status}, {@code Diagnostic-Code}) or an RFC 5965 abuse
 * report ({@code report-type=feedback-report}: {@code Feedback-Type}, {@code Original-Rcpt-To}, or the returned
 * message's {@code To}). Anything else, however malformed, is {@link Report#NONE}: never an exception.
 */
public final class BounceReports {

    /** One recipient's outcome in a report. */
    public record Outcome(String recipient, Kind kind, String status, Integer smtpCode, String diagnostic) {
    }

    public enum Kind { HARD_BOUNCE, SOFT_BOUNCE, DELIVERED_OR_DELAYED, COMPLAINT }

    /** A parsed report: its type ({@code delivery-status}, {@code feedback-report} or null) and its outcomes. */
    public record Report(String type, List<Outcome> outcomes) {
        public static final Report NONE = new Report(null, List.of());
    }

    static final String DSN = "delivery-status";
    static final String ARF = "feedback-report";
    private static final Pattern CODE = Pattern.compile("^\\s*(?:[A-Za-z0-9-]+\\s*;)?\\s*([2-5][0-9][0-9])\\b");

    private BounceReports() {
    }

    public static Report parse(byte[] raw) {
        try {
            MimeConfig config = new MimeConfig.Builder().setMaxLineLen(-1).setMaxHeaderLen(-1)
                    .setMaxHeaderCount(-1).build();
            DefaultMessageBuilder builder = new DefaultMessageBuilder();
            builder.setMimeEntityConfig(config);
            Message message = builder.parseMessage(new ByteArrayInputStream(raw));
            if (!(message.getBody() instanceof Multipart report)
                    || !"multipart/report".equalsIgnoreCase(message.getMimeType())) {
                return Report.NONE;
            }
            ContentTypeField type = (ContentTypeField) message.getHeader().getField("Content-Type");
            String reportType = type == null || type.getParameter("report-type") == null ? ""
                    : type.getParameter("report-type").toLowerCase(Locale.ROOT);
            return switch (reportType) {
                case DSN -> new Report(DSN, deliveryStatus(builder, report));
                case ARF -> new Report(ARF, feedback(builder, report));
                default -> Report.NONE;
            };
        } catch (IOException | MimeException | RuntimeException e) {
            return Report.NONE;
        }
    }

    private static List<Outcome> deliveryStatus(DefaultMessageBuilder builder, Multipart report)
            throws IOException, MimeException {
        Entity part = part(report, "message/delivery-status");
        if (part == null) {
            return List.of();
        }
        List<Outcome> out = new ArrayList<>();
        List<Header> groups = groups(builder, bytes(part.getBody()));
        // the first group is about the message (Reporting-MTA, Arrival-Date), the others each about one recipient
        for (Header group : groups.subList(Math.min(1, groups.size()), groups.size())) {
            String recipient = address(value(group, "Final-Recipient"));
            String action = value(group, "Action").toLowerCase(Locale.ROOT);
            String status = value(group, "Status");
            if (recipient == null || action.isEmpty()) {
                continue;
            }
            String diagnostic = value(group, "Diagnostic-Code");
            Kind kind = "failed".equals(action) && status.startsWith("5") ? Kind.HARD_BOUNCE
                    : "failed".equals(action) ? Kind.SOFT_BOUNCE : Kind.DELIVERED_OR_DELAYED;
            out.add(new Outcome(recipient, kind, status, code(diagnostic), diagnostic.isEmpty() ? null : diagnostic));
        }
        return out;
    }

    private static List<Outcome> feedback(DefaultMessageBuilder builder, Multipart report)
            throws IOException, MimeException {
        Entity part = part(report, "message/feedback-report");
        if (part == null) {
            return List.of();
        }
        List<Header> groups = groups(builder, bytes(part.getBody()));
        if (groups.isEmpty()) {
            return List.of();
        }
        Header fields = groups.get(0);
        String feedbackType = value(fields, "Feedback-Type").toLowerCase(Locale.ROOT);
        if (feedbackType.isEmpty() || "not-spam".equals(feedbackType)) {
            return List.of();
        }
        String recipient = address(value(fields, "Original-Rcpt-To"));
        if (recipient == null) {
            recipient = returnedTo(builder, report);
        }
        return recipient == null ? List.of()
                : List.of(new Outcome(recipient, Kind.COMPLAINT, null, null, "feedback-type " + feedbackType));
    }

    /** The {@code To} of the returned message (or its headers), when the report names no recipient. */
    private static String returnedTo(DefaultMessageBuilder builder, Multipart report) throws IOException,
            MimeException {
        for (Entity e : report.getBodyParts()) {
            String mime = e.getMimeType() == null ? "" : e.getMimeType().toLowerCase(Locale.ROOT);
            if (mime.equals("message/rfc822") || mime.equals("text/rfc822-headers")) {
                List<Header> headers = groups(builder, bytes(e.getBody()));
                if (!headers.isEmpty()) {
                    return address(value(headers.get(0), "To"));
                }
            }
        }
        return null;
    }

    private static Entity part(Multipart report, String mimeType) {
        return report.getBodyParts().stream().filter(e -> mimeType.equalsIgnoreCase(e.getMimeType())).findFirst()
                .orElse(null);
    }

    /** The raw bytes of a part's body, whether mime4j kept it as a single body or parsed it as a message. */
    private static byte[] bytes(Body body) throws IOException {
        if (body instanceof SingleBody single) {
            try (InputStream in = single.getInputStream()) {
                return in.readAllBytes();
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        if (body instanceof Message m) {
            new DefaultMessageWriter().writeMessage(m, out);
        }
        return out.toByteArray();
    }

    /** Blocks of header fields separated by empty lines, each read by mime4j's header parser. */
    private static List<Header> groups(DefaultMessageBuilder builder, byte[] text) throws IOException, MimeException {
        String normalized = new String(text, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
        List<Header> groups = new ArrayList<>();
        for (String block : normalized.split("\n\\s*\n")) {
            if (!block.isBlank()) {
                String crlf = block.strip().replace("\n", "\r\n") + "\r\n\r\n";
                groups.add(builder.parseHeader(new ByteArrayInputStream(crlf.getBytes(StandardCharsets.ISO_8859_1))));
            }
        }
        return groups;
    }

    private static String value(Header header, String name) {
        Field f = header.getField(name);
        return f == null || f.getBody() == null ? "" : f.getBody().replaceAll("\\s+", " ").trim();
    }

    /** {@code rfc822; user@example.org} or {@code <user@example.org>} as a bare lower-case address, else null. */
    static String address(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.contains(";") ? value.substring(value.indexOf(';') + 1) : value;
        int lt = v.indexOf('<');
        int gt = v.indexOf('>', lt + 1);
        if (lt >= 0 && gt > lt) {
            v = v.substring(lt + 1, gt);
        }
        v = v.trim().toLowerCase(Locale.ROOT);
        int at = v.lastIndexOf('@');
        return at > 0 && at < v.length() - 1 && !v.contains(" ") ? v : null;
    }

    private static Integer code(String diagnostic) {
        Matcher m = CODE.matcher(diagnostic == null ? "" : diagnostic);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }
}
