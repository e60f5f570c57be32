package org.mintpost.webhook.rest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

import org.mintpost.webhook.service.Page;

/** The cursor-paginated envelope of the team OpenAPI: {@code data}, {@code path}, {@code per_page}, cursors. */
public record PageBody<T>(List<T> data, String path, int perPage, String nextCursor, String nextPageUrl,
        String prevCursor, String prevPageUrl) {

    static <S, T> PageBody<T> of(Page<S> page, String path, Function<S, T> map) {
        String next = page.nextCursor();
        String nextUrl = next == null ? null : path + "?page%5Bsize%5D=" + page.perPage() + "&page%5Bcursor%5D="
                + URLEncoder.encode(next, StandardCharsets.UTF_8);
        return new PageBody<>(page.items().stream().map(map).toList(), path, page.perPage(), next, nextUrl, null,
                null);
    }
}
