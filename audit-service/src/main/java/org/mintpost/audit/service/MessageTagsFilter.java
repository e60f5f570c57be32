package org.mintpost.audit.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.MultivaluedMap;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * {@code filter[tags][N][name]} / {@code filter[tags][N][value]} of {@code messages.list} (Lettermint's names): a
 * message matches when it carries every pair; a pair without a value matches the name with any value. Names and
 * values follow the SDK's tag rules; a value without a name, a bad name or value, a bad index is a 422 naming it.
 */
public final class MessageTagsFilter {

    static final int MAX_PAIRS = 20;
    private static final Pattern KEY = Pattern.compile("filter\\[tags]\\[(\\d{1,3})]\\[(name|value)]");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private MessageTagsFilter() {
    }

    /** Every query parameter that starts with {@code filter[tags]}, by its full name (first value). */
    public static Map<String, String> params(MultivaluedMap<String, String> query) {
        Map<String, String> out = new LinkedHashMap<>();
        query.forEach((key, values) -> {
            if (key.startsWith("filter[tags]") && values != null && !values.isEmpty()) {
                out.put(key, values.get(0));
            }
        });
        return out;
    }

    /** The JSON array the message's tags must contain, or null when no tag pair was asked for. */
    static String json(Map<String, String> params, Map<String, List<String>> errors) {
        if (params == null || params.isEmpty()) {
            return null;
        }
        Map<Integer, String[]> pairs = new TreeMap<>();
        for (Map.Entry<String, String> e : params.entrySet()) {
            Matcher m = KEY.matcher(e.getKey());
            if (!m.matches()) {
                add(errors, "filter.tags", "Tags are filtered as filter[tags][N][name] and filter[tags][N][value].");
                continue;
            }
            String[] pair = pairs.computeIfAbsent(Integer.parseInt(m.group(1)), i -> new String[2]);
            pair[m.group(2).equals("name") ? 0 : 1] = e.getValue() == null ? "" : e.getValue().trim();
        }
        if (pairs.size() > MAX_PAIRS) {
            add(errors, "filter.tags", "At most " + MAX_PAIRS + " tag pairs can be filtered on.");
            return null;
        }
        JsonArray wanted = new JsonArray();
        for (Map.Entry<Integer, String[]> e : pairs.entrySet()) {
            String field = "filter.tags." + e.getKey();
            String name = e.getValue()[0];
            String value = e.getValue()[1];
            if (name == null || !NAME.matcher(name).matches()) {
                add(errors, field + ".name", "The " + field + ".name must be 1 to 32 letters, digits, _ or -.");
                continue;
            }
            if (value != null && !VALUE.matcher(value).matches()) {
                add(errors, field + ".value", "The " + field + ".value must be 1 to 64 letters, digits, _ or -.");
                continue;
            }
            JsonObject tag = new JsonObject().put("name", name);
            if (value != null) {
                tag.put("value", value);
            }
            wanted.add(tag);
        }
        return wanted.isEmpty() ? null : wanted.encode();
    }

    private static void add(Map<String, List<String>> errors, String field, String message) {
        errors.computeIfAbsent(field, k -> new ArrayList<>()).add(message);
    }
}
