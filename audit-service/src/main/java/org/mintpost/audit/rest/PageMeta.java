package org.mintpost.audit.rest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.MultivaluedMap;

/** The {@code meta} of Lettermint's cursor-paginated answers; pages go forward only, so prev_* are null. */
public record PageMeta(String path, int perPage, String nextCursor, String nextCursorUrl, String prevCursor,
        String prevCursorUrl) {

    /** The next page's URL keeps every query parameter of this request but {@code page[cursor]}. */
    static PageMeta of(String path, MultivaluedMap<String, String> query, int perPage, String nextCursor) {
        if (nextCursor == null) {
            return new PageMeta(path, perPage, null, null, null, null);
        }
        StringBuilder url = new StringBuilder(path).append("?page%5Bcursor%5D=").append(encode(nextCursor));
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            if (!"page[cursor]".equals(e.getKey())) {
                for (String value : e.getValue()) {
                    url.append('&').append(encode(e.getKey())).append('=').append(encode(value));
                }
            }
        }
        return new PageMeta(path, perPage, nextCursor, url.toString(), null, null);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
