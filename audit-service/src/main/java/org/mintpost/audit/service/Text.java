package org.mintpost.audit.service;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mintpost.contracts.kafka.EventJson;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Makes event text safe to store: PostgreSQL text cannot hold NUL, and an over-long value in an
 * indexed column would make a whole batch fail for ever. Nothing here may throw on odd input.
 */
final class Text {

    static final int ID = 200;
    static final int SHORT = 64;
    static final int MEDIUM = 512;
    static final int LONG = 2048;

    private Text() {
    }

    static String clean(String value, int max) {
        if (value == null) {
            return null;
        }
        String text = value.indexOf('\u0000') >= 0 ? value.replace("\u0000", "") : value;
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end);
    }

    /** An identifier we can key on: present, not blank, not absurdly long. */
    static boolean usableId(String value) {
        return value != null && !value.isBlank() && value.length() <= ID && value.indexOf('\u0000') < 0;
    }

    /** A JSON array of the cleaned, non-null strings of {@code values}. */
    static String jsonArray(List<String> values, int maxEach) {
        List<String> cleaned = new ArrayList<>();
        if (values != null) {
            for (String value : values) {
                if (value != null) {
                    cleaned.add(clean(value, maxEach));
                }
            }
        }
        try {
            return EventJson.MAPPER.writeValueAsString(cleaned);
        } catch (JsonProcessingException e) {
            return "[]";
        }
    }

    /** A JSON object of the cleaned entries of {@code values} (at most 100), or null when there are none. */
    static String jsonObject(Map<String, String> values, int maxEach) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        Map<String, String> cleaned = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getKey() != null && cleaned.size() < 100) {
                cleaned.put(clean(e.getKey(), SHORT), clean(e.getValue(), maxEach));
            }
        }
        try {
            return EventJson.MAPPER.writeValueAsString(cleaned);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** An ISO-8601 instant with an offset, or null when {@code value} is not one. */
    static Instant instant(String value) {
        if (value == null || value.length() > 64) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }
}
