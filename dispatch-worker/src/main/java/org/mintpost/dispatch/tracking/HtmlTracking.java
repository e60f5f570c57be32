package org.mintpost.dispatch.tracking;

import java.util.Locale;
import java.util.function.UnaryOperator;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;

/**
 * The HTML part's rewrite, with jsoup: each {@code http(s)} link (not {@code mailto:}, {@code javascript:},
 * {@code data:} or anything else, and not one marked {@code data-lm-no-track}) gets the click URL for it, and a
 * 1×1 pixel goes at the end of the body.
 */
public final class HtmlTracking {

    static final String NO_TRACK = "data-lm-no-track";

    private HtmlTracking() {
    }

    /**
     * @param clickUrl the click URL of an original link; null: links stay as they are
     * @param pixelUrl the open pixel's URL; null: no pixel
     */
    public static String rewrite(String html, UnaryOperator<String> clickUrl, String pixelUrl) {
        Document doc = Jsoup.parse(html);
        doc.outputSettings().prettyPrint(false).charset("UTF-8").escapeMode(Entities.EscapeMode.base);
        if (clickUrl != null) {
            for (Element a : doc.select("a[href], area[href]")) {
                String href = a.attr("href").strip();
                if (!a.hasAttr(NO_TRACK) && isWebLink(href)) {
                    a.attr("href", clickUrl.apply(href));
                }
            }
        }
        if (pixelUrl != null) {
            doc.body().appendElement("img").attr("src", pixelUrl).attr("width", "1").attr("height", "1")
                    .attr("alt", "").attr("style", "display:block;width:1px;height:1px;border:0");
        }
        return doc.outerHtml();
    }

    static boolean isWebLink(String href) {
        String h = href.toLowerCase(Locale.ROOT);
        return h.startsWith("http://") || h.startsWith("https://");
    }
}
