package org.mintpost.audit.service;

import java.util.ArrayList;
import java.util.List;

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
}
