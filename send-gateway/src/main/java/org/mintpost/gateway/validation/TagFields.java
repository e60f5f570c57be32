package org.mintpost.gateway.validation;

import static org.mintpost.gateway.validation.Fields.add;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.mintpost.contracts.event.EmailContent;

import com.fasterxml.jackson.databind.JsonNode;

/** The legacy {@code tag} and the {@code tags} list of name/value pairs. */
final class TagFields {

    static final int TAGS_MAX = 20;

    private static final Pattern TAG_PART = Pattern.compile("^[A-Za-z0-9_-]{1,32}$");
    private static final Pattern TAG_VALUE = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");
    private static final Pattern LEGACY_TAG = Pattern.compile("^[A-Za-z0-9 _.:/-]{1,255}$");

    private TagFields() {
    }

    static String tag(JsonNode body, Map<String, List<String>> errors) {
        String tag = Fields.string(body, "tag", errors);
        if (tag != null && !LEGACY_TAG.matcher(tag).matches()) {
            add(errors, "tag", "The tag must be 1 to 255 letters, digits, spaces or . _ - : / characters.");
        }
        return tag;
    }

    static List<EmailContent.Tag> tags(JsonNode body, boolean legacyTag, Map<String, List<String>> errors) {
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
}
