package org.mintpost.dispatch.tracking;

import java.time.Instant;
import java.util.Arrays;
import java.util.function.Supplier;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mintpost.contracts.tracking.TrackingId;

/**
 * The worker's cost of rewriting a 100 KB HTML message for tracking (jsoup parse, every link signed and replaced,
 * the pixel, serialised), next to jsoup's bare parse and serialise of the same HTML and the text fallback, in the
 * same run (one thread). Prints its figures; no pass/fail.
 * Run: {@code ./mvnw -pl dispatch-worker -am verify -Dbench=true -Dtest=RewriteBench
 * -Dsurefire.failIfNoSpecifiedTests=false -DskipITs}.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class RewriteBench {

    @Test
    void rewritingA100KbMessage() {
        StringBuilder html = new StringBuilder("<html><head><style>p{margin:0}</style></head><body>");
        int links = 0;
        while (html.length() < 100 * 1024) {
            html.append("<p>Item ").append(links).append(": a paragraph of newsletter text with some words in it, ")
                    .append("<b>bold</b> and <a href=\"https://shop.example.com/products/").append(links)
                    .append("?utm_source=news&amp;utm_medium=email\">a link</a>.</p>\n");
            links++;
        }
        html.append("</body></html>");
        String source = html.toString();
        byte[] key = TrackingId.key("bench-key-0123456789abcdef0123456789abcdef");
        Instant now = Instant.now();
        int n = Integer.getInteger("bench.n", 300);
        double rewrite = micros(n, () -> HtmlTracking.rewrite(source, url -> "https://t.example/t/c/"
                + new TrackingId(TrackingId.CLICK, "m", "t", "p", "r", "x@example.org", now, url).sign(key),
                "https://t.example/t/o/x"));
        double bare = micros(n, () -> Jsoup.parse(source).outerHtml());
        double text = micros(n, () -> PlainText.of(source));
        System.out.printf("%n== rewrite of a %d KB HTML message with %d links (median of %d, one thread) ==%n"
                + "tracking rewrite (parse, %d signed click URLs, pixel, serialise): %.0f µs%n"
                + "jsoup parse + serialise alone (baseline): %.0f µs%n"
                + "text fallback from the same HTML: %.0f µs%n", source.length() / 1024, links, n, links, rewrite,
                bare, text);
    }

    private static double micros(int n, Supplier<String> work) {
        for (int i = 0; i < n; i++) {
            work.get();
        }
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            work.get();
            t[i] = System.nanoTime() - s;
        }
        Arrays.sort(t);
        return t[n / 2] / 1e3;
    }
}
