package org.mintpost.gateway.service;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.EmailContent;
import org.mintpost.gateway.config.GatewayConfig;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every rule of the Sending API body (API.md), applied to parsed JSON so that a wrong type is a
 * field error like any other. Collects all errors, keyed like {@code to.0}, before answering.
 */
@ApplicationScoped
public class EmailValidator {

    static final int SUBJECT_MAX = 998;
    static final int BODY_MIN = 3;
    static final int TAGS_MAX = 20;
    static final int HEADER_NAME_MAX = 76;
    static final int HEADER_VALUE_MAX = 998;
    static final int METADATA_MAX_ENTRIES = 50;
    static final int METADATA_KEY_MAX = 100;
    static final int METADATA_VALUE_MAX = 1000;
    static final int ATTACHMENTS_MAX = 100;
    static final String PRESERVE_MESSAGE_ID = "X-LM-Preserve-Message-ID";

    private static final Pattern TAG_PART = Pattern.compile("^[A-Za-z0-9_-]{1,32}$");
    private static final Pattern TAG_VALUE = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");
    private static final Pattern LEGACY_TAG = Pattern.compile("^[A-Za-z0-9 _.:/-]{1,255}$");
    private static final Pattern ROUTE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$");
    private static final Pattern CONTENT_ID = Pattern.compile("^[a-zA-Z0-9._@-]{1,255}$");
    private static final Pattern CONTENT_TYPE = Pattern.compile(
            "^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}(\\s*;.{0,500})?$");
    private static final Set<String> KNOWN_SETTINGS = Set.of("track_opens", "track_clicks", "tls");

    /** The outcome: content when valid, otherwise the errors (never both). */
    public record Result(EmailContent content, Map<String, List<String>> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    private final int maxRecipients;

    public EmailValidator(GatewayConfig config) {
        this.maxRecipients = config.limits().maxRecipients();
    }

    public Result validate(JsonNode body, Instant now) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        if (body == null || !body.isObject()) {
            add(errors, "body", "The request body must be a JSON object.");
            return new Result(null, errors);
        }
        String from = requiredAddress(body, "from", errors);
        List<String> to = addresses(body, "to", true, errors);
        List<String> cc = addresses(body, "cc", false, errors);
        List<String> bcc = addresses(body, "bcc", false, errors);
        List<String> replyTo = addresses(body, "reply_to", false, errors);
        int recipients = size(to) + size(cc) + size(bcc);
        if (recipients > maxRecipients) {
            add(errors, "to", "A message may have at most " + maxRecipients + " recipients over to, cc and bcc.");
        }
        String subject = string(body, "subject", errors);
        if (subject == null || subject.isBlank()) {
            if (!errors.containsKey("subject")) {
                add(errors, "subject", "The subject field is required.");
            }
        } else if (subject.length() > SUBJECT_MAX) {
            add(errors, "subject", "The subject may not be longer than " + SUBJECT_MAX + " characters.");
        } else if (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
            add(errors, "subject", "The subject may not contain line breaks.");
        }
        String html = string(body, "html", errors);
        String text = string(body, "text", errors);
        if (html == null && text == null && !errors.containsKey("html") && !errors.containsKey("text")) {
            add(errors, "text", "The html or text field is required.");
        }
        if (html != null && html.length() < BODY_MIN) {
            add(errors, "html", "The html must be at least " + BODY_MIN + " characters.");
        }
        if (text != null && text.length() < BODY_MIN) {
            add(errors, "text", "The text must be at least " + BODY_MIN + " characters.");
        }
        Map<String, String> headers = headers(body, errors);
        Map<String, String> metadata = metadata(body, errors);
        String tag = string(body, "tag", errors);
        if (tag != null && !LEGACY_TAG.matcher(tag).matches()) {
            add(errors, "tag", "The tag must be 1 to 255 letters, digits, spaces or . _ - : / characters.");
        }
        List<EmailContent.Tag> tags = tags(body, tag != null, errors);
        String route = string(body, "route", errors);
        if (route != null && !ROUTE.matcher(route).matches()) {
            add(errors, "route", "The route must be a slug (letters, digits, - and _).");
        }
        Instant scheduledAt = scheduledAt(body, now, errors);
        EmailContent.Settings settings = settings(body, errors);
        List<EmailContent.Attachment> attachments = attachments(body, errors);
        if (!errors.isEmpty()) {
            return new Result(null, errors);
        }
        EmailContent content = new EmailContent(from, to, cc, bcc, replyTo, subject, html, text, headers, metadata,
                tag, tags, route, scheduledAt, settings, attachments);
        return new Result(content, errors);
    }

    private static String requiredAddress(JsonNode body, String field, Map<String, List<String>> errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
            add(errors, field, "The " + field + " field is required.");
            return null;
        }
        if (!node.isTextual()) {
            add(errors, field, "The " + field + " field must be a string.");
            return null;
        }
        return EmailAddress.parse(node.asText()).map(EmailAddress::formatted).orElseGet(() -> {
            add(errors, field, "The " + field + " field must be a valid email address.");
            return null;
        });
    }

    private static List<String> addresses(JsonNode body, String field, boolean required,
            Map<String, List<String>> errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                add(errors, field, "The " + field + " field is required.");
            }
            return required ? null : List.of();
        }
        if (!node.isArray()) {
            add(errors, field, "The " + field + " field must be an array of email addresses.");
            return null;
        }
        if (required && node.isEmpty()) {
            add(errors, field, "The " + field + " field must have at least 1 address.");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String key = field + "." + i;
            if (!item.isTextual()) {
                add(errors, key, "The " + key + " field must be a string.");
                continue;
            }
            EmailAddress.parse(item.asText()).ifPresentOrElse(a -> out.add(a.formatted()),
                    () -> add(errors, key, "The " + key + " field must be a valid email address."));
        }
        return out;
    }

    private static String string(JsonNode body, String field, Map<String, List<String>> errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            add(errors, field, "The " + field + " field must be a string.");
            return null;
        }
        return node.asText();
    }

    private static Map<String, String> headers(JsonNode body, Map<String, List<String>> errors) {
        JsonNode node = body.get("headers");
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            add(errors, "headers", "The headers field must be an object of strings.");
            return null;
        }
        Map<String, String> raw = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            String name = entry.getKey();
            String key = "headers." + name;
            if (!isHeaderName(name)) {
                add(errors, "headers", "Header names must be 1 to " + HEADER_NAME_MAX
                        + " printable characters without ':' or spaces.");
                continue;
            }
            JsonNode value = entry.getValue();
            if (!value.isTextual()) {
                add(errors, key, "The " + key + " field must be a string.");
                continue;
            }
            String v = value.asText();
            if (v.length() > HEADER_VALUE_MAX || EmailAddress.hasControl(v.replace('\t', ' '))) {
                add(errors, key, "The " + key + " field may not contain line breaks or control characters.");
                continue;
            }
            raw.put(name, v);
        }
        boolean preserve = raw.entrySet().stream().anyMatch(e -> e.getKey().equalsIgnoreCase(PRESERVE_MESSAGE_ID)
                && e.getValue().trim().equalsIgnoreCase("true"));
        Map<String, String> out = new TreeMap<>();
        raw.forEach((name, value) -> {
            if (name.equalsIgnoreCase(PRESERVE_MESSAGE_ID)) {
                return;
            }
            if (name.equalsIgnoreCase("Message-ID") && !preserve) {
                return;
            }
            out.put(name, value);
        });
        return out;
    }

    private static boolean isHeaderName(String name) {
        if (name.isEmpty() || name.length() > HEADER_NAME_MAX) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 33 || c > 126 || c == ':') {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> metadata(JsonNode body, Map<String, List<String>> errors) {
        JsonNode node = body.get("metadata");
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            add(errors, "metadata", "The metadata field must be an object of strings.");
            return null;
        }
        if (node.size() > METADATA_MAX_ENTRIES) {
            add(errors, "metadata", "The metadata may have at most " + METADATA_MAX_ENTRIES + " entries.");
            return null;
        }
        Map<String, String> out = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            String key = "metadata." + entry.getKey();
            if (entry.getKey().isEmpty() || entry.getKey().length() > METADATA_KEY_MAX
                    || EmailAddress.hasControl(entry.getKey())) {
                add(errors, "metadata", "Metadata keys must be 1 to " + METADATA_KEY_MAX
                        + " characters without control characters.");
                continue;
            }
            JsonNode value = entry.getValue();
            if (!value.isTextual()) {
                add(errors, key, "The " + key + " field must be a string.");
                continue;
            }
            if (value.asText().length() > METADATA_VALUE_MAX) {
                add(errors, key, "The " + key + " field may not be longer than " + METADATA_VALUE_MAX
                        + " characters.");
                continue;
            }
            out.put(entry.getKey(), value.asText());
        }
        return out;
    }

    private static List<EmailContent.Tag> tags(JsonNode body, boolean legacyTag, Map<String, List<String>> errors) {
        JsonNode node = body.get("tags");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            add(errors, "tags", "The tags field must be an array.");
            return null;
        }
        int max = legacyTag ? TAGS_MAX - 1 : TAGS_MAX;
        if (node.size() > max) {
            add(errors, "tags", "At most " + max + " tags are allowed" + (legacyTag ? " together with tag." : "."));
            return null;
        }
        List<EmailContent.Tag> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String key = "tags." + i;
            if (!item.isObject()) {
                add(errors, key, "The " + key + " field must be an object with name and value.");
                continue;
            }
            JsonNode name = item.get("name");
            JsonNode value = item.get("value");
            boolean ok = true;
            if (name == null || !name.isTextual() || !TAG_PART.matcher(name.asText()).matches()
                    || name.asText().toLowerCase().startsWith("__lettermint")) {
                add(errors, key + ".name", "The " + key + ".name field must match ^[A-Za-z0-9_-]{1,32}$.");
                ok = false;
            } else if (!names.add(name.asText())) {
                add(errors, key + ".name", "The tag name " + name.asText() + " is used twice.");
                ok = false;
            }
            if (value == null || !value.isTextual() || !TAG_VALUE.matcher(value.asText()).matches()) {
                add(errors, key + ".value", "The " + key + ".value field must match ^[A-Za-z0-9_-]{1,64}$.");
                ok = false;
            }
            if (ok) {
                out.add(new EmailContent.Tag(name.asText(), value.asText()));
            }
        }
        return out;
    }

    private static Instant scheduledAt(JsonNode body, Instant now, Map<String, List<String>> errors) {
        JsonNode node = body.get("scheduled_at");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            add(errors, "scheduled_at", "The scheduled_at field must be an ISO 8601 date-time string.");
            return null;
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(node.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException e) {
            add(errors, "scheduled_at", "The scheduled_at field must be an ISO 8601 date-time with an offset.");
            return null;
        }
        if (at.isBefore(now.minusSeconds(60))) {
            add(errors, "scheduled_at", "The scheduled_at field must be in the future.");
            return null;
        }
        return at;
    }

    private static EmailContent.Settings settings(JsonNode body, Map<String, List<String>> errors) {
        JsonNode node = body.get("settings");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            add(errors, "settings", "The settings field must be an object.");
            return null;
        }
        Boolean opens = bool(node, "track_opens", errors);
        Boolean clicks = bool(node, "track_clicks", errors);
        String tls = null;
        JsonNode tlsNode = node.get("tls");
        if (tlsNode != null && !tlsNode.isNull()) {
            if (!tlsNode.isTextual() || !(tlsNode.asText().equals("opportunistic")
                    || tlsNode.asText().equals("enforced"))) {
                add(errors, "settings.tls", "The settings.tls field must be opportunistic or enforced.");
            } else {
                tls = tlsNode.asText();
            }
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!KNOWN_SETTINGS.contains(name)) {
                add(errors, "settings." + name, "The settings." + name + " field is not a known setting.");
            }
        });
        return new EmailContent.Settings(opens, clicks, tls);
    }

    private static Boolean bool(JsonNode node, String field, Map<String, List<String>> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            add(errors, "settings." + field, "The settings." + field + " field must be true or false.");
            return null;
        }
        return value.asBoolean();
    }

    private static List<EmailContent.Attachment> attachments(JsonNode body, Map<String, List<String>> errors) {
        JsonNode node = body.get("attachments");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            add(errors, "attachments", "The attachments field must be an array.");
            return null;
        }
        if (node.size() > ATTACHMENTS_MAX) {
            add(errors, "attachments", "At most " + ATTACHMENTS_MAX + " attachments are allowed.");
            return null;
        }
        List<EmailContent.Attachment> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String key = "attachments." + i;
            if (!item.isObject()) {
                add(errors, key, "The " + key + " field must be an object.");
                continue;
            }
            boolean ok = true;
            JsonNode filename = item.get("filename");
            if (filename == null || !filename.isTextual() || filename.asText().isBlank()
                    || filename.asText().length() > 255 || EmailAddress.hasControl(filename.asText())
                    || filename.asText().contains("/") || filename.asText().contains("\\")) {
                add(errors, key + ".filename", "The " + key
                        + ".filename field is required: 1 to 255 characters, no path separators or line breaks.");
                ok = false;
            }
            JsonNode content = item.get("content");
            if (content == null || !content.isTextual() || content.asText().isEmpty()) {
                add(errors, key + ".content", "The " + key + ".content field is required (base64).");
                ok = false;
            } else if (!isBase64(content.asText())) {
                add(errors, key + ".content", "The " + key + ".content field must be valid base64.");
                ok = false;
            }
            String contentType = optionalString(item, "content_type", key, errors);
            if (contentType != null && !CONTENT_TYPE.matcher(contentType).matches()) {
                add(errors, key + ".content_type", "The " + key + ".content_type field must be a MIME type.");
                ok = false;
            }
            String contentId = optionalString(item, "content_id", key, errors);
            if (contentId != null && !CONTENT_ID.matcher(contentId).matches()) {
                add(errors, key + ".content_id", "The " + key + ".content_id field must match ^[a-zA-Z0-9._@-]+$.");
                ok = false;
            }
            if (ok && !errors.containsKey(key + ".content_type") && !errors.containsKey(key + ".content_id")) {
                out.add(new EmailContent.Attachment(filename.asText(), stripBreaks(content.asText()), contentType,
                        contentId));
            }
        }
        return out;
    }

    private static String optionalString(JsonNode item, String field, String key, Map<String, List<String>> errors) {
        JsonNode node = item.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            add(errors, key + "." + field, "The " + key + "." + field + " field must be a string.");
            return null;
        }
        return node.asText();
    }

    /** Standard base64 (line breaks tolerated), checked without decoding it all into memory. */
    static boolean isBase64(String value) {
        int length = 0;
        int padding = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                continue;
            }
            if (c == '=') {
                padding++;
                if (padding > 2) {
                    return false;
                }
            } else {
                boolean alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                        || c == '+' || c == '/';
                if (!alphabet || padding > 0) {
                    return false;
                }
            }
            length++;
        }
        return length > 0 && length % 4 == 0;
    }

    private static String stripBreaks(String base64) {
        return base64.indexOf('\n') < 0 && base64.indexOf('\r') < 0 ? base64
                : base64.replace("\r", "").replace("\n", "");
    }

    private static int size(List<String> list) {
        return list == null ? 0 : list.size();
    }

    static void add(Map<String, List<String>> errors, String key, String message) {
        errors.computeIfAbsent(key, k -> new ArrayList<>()).add(message);
    }
}
