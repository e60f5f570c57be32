package org.mintpost.gateway.validation;

import static org.mintpost.gateway.validation.Fields.add;
import static org.mintpost.gateway.validation.Fields.optionalString;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.mintpost.contracts.attachments.BlockedFileTypes;
import org.mintpost.contracts.event.EmailContent;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code attachments}: file name, base64 content, optional MIME type and inline content id. */
final class AttachmentFields {

    static final int ATTACHMENTS_MAX = 100;

    private static final Pattern CONTENT_ID = Pattern.compile("^[a-zA-Z0-9._@-]{1,255}$");
    private static final Pattern CONTENT_TYPE = Pattern.compile(
            "^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}(\\s*;.{0,500})?$");

    private AttachmentFields() {
    }

    static List<EmailContent.Attachment> attachments(JsonNode body, Map<String, List<String>> errors) {
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
                String base64 = stripBreaks(content.asText());
                String refusal = BlockedFileTypes.refusal(filename.asText(), contentType, head(base64));
                if (refusal != null) {
                    add(errors, key, "The " + key + " field is a blocked file type: " + refusal
                            + " (GET /v1/blocked-file-types lists them).");
                    continue;
                }
                out.add(new EmailContent.Attachment(filename.asText(), base64, contentType, contentId));
            }
        }
        return out;
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

    /** The first decoded bytes of valid base64, enough for {@link BlockedFileTypes#refusal} to sniff. */
    private static byte[] head(String base64) {
        int chars = Math.min(base64.length(), (BlockedFileTypes.SNIFF_BYTES + 2) / 3 * 4);
        return Base64.getDecoder().decode(base64.substring(0, chars));
    }

    private static String stripBreaks(String base64) {
        return base64.indexOf('\n') < 0 && base64.indexOf('\r') < 0 ? base64
                : base64.replace("\r", "").replace("\n", "");
    }
}
