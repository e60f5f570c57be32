package org.mintpost.dispatch.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/** The HTML rewrite and the text rendering, on their own. */
class HtmlTrackingTest {

    static final String HTML = """
            <html><head><style>p{color:red}</style></head><body>
            <h1>Sale</h1><p>See <a href="https://example.com/a?x=1&amp;y=2">our shop</a>,
            <a href="http://example.com/b">B</a> and <a href="HTTPS://example.com/c" data-lm-no-track>C</a>.</p>
            <ul><li><a href="mailto:hi@example.com">mail us</a></li><li><a href="javascript:alert(1)">js</a></li>
            <li><a href="data:text/html,x">data</a></li><li><a href="#top">top</a></li></ul></body></html>""";

    @Test
    void webLinksAreRewrittenOthersAndOptedOutOnesAreNotAndThePixelIsAdded() {
        String out = HtmlTracking.rewrite(HTML, url -> "https://t.example/c/" + url.length(), "https://t.example/o");
        Document doc = Jsoup.parse(out);
        assertEquals("https://t.example/c/29", doc.select("a").get(0).attr("href"));
        assertEquals("https://t.example/c/20", doc.select("a").get(1).attr("href"));
        assertEquals("HTTPS://example.com/c", doc.select("a").get(2).attr("href"));
        assertEquals("mailto:hi@example.com", doc.select("a").get(3).attr("href"));
        assertEquals("javascript:alert(1)", doc.select("a").get(4).attr("href"));
        assertEquals("data:text/html,x", doc.select("a").get(5).attr("href"));
        assertEquals("#top", doc.select("a").get(6).attr("href"));
        assertEquals("https://t.example/o", doc.select("body > img").last().attr("src"));
        assertEquals("1", doc.select("body > img").last().attr("width"));
        assertTrue(out.contains("p{color:red}"), out);
    }

    @Test
    void onlyOpensLeaveLinksAlone() {
        String out = HtmlTracking.rewrite(HTML, null, "https://t.example/o");
        assertTrue(out.contains("href=\"https://example.com/a?x=1&amp;y=2\""), out);
        assertTrue(out.contains("src=\"https://t.example/o\""), out);
    }

    @Test
    void plainTextKeepsLinesListsAndLinkTargets() {
        String text = PlainText.of(HTML);
        assertTrue(text.startsWith("Sale\n"), text);
        assertTrue(text.contains("our shop (https://example.com/a?x=1&y=2)"), text);
        assertTrue(text.contains("- mail us"), text);
        assertFalse(text.contains("color:red"), text);
        assertFalse(text.contains("<"), text);
    }
}
