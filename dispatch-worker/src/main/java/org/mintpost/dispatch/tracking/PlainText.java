package org.mintpost.dispatch.tracking;

import java.util.Set;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

/**
 * A text rendering of an HTML body with jsoup's tree walk: block elements on their own lines, list items with a
 * dash, links as {@code text (url)}; scripts, styles and the head left out.
 */
public final class PlainText {

    private static final Set<String> BLOCKS = Set.of("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "li",
            "table", "ul", "ol", "blockquote", "pre", "section", "article", "header", "footer", "dt", "dd", "hr");

    private PlainText() {
    }

    public static String of(String html) {
        Element body = Jsoup.parse(html).body();
        body.select("script, style, head, title").remove();
        StringBuilder out = new StringBuilder();
        body.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode text) {
                    String t = text.text();
                    if (!t.isBlank()) {
                        if (!out.isEmpty() && !Character.isWhitespace(out.charAt(out.length() - 1))
                                && Character.isWhitespace(t.charAt(0))) {
                            out.append(' ');
                        }
                        out.append(t.strip());
                    }
                } else if (node instanceof Element e) {
                    if (e.nameIs("br")) {
                        out.append('\n');
                    } else if (BLOCKS.contains(e.normalName())) {
                        newline(out);
                        if (e.nameIs("li")) {
                            out.append("- ");
                        }
                    }
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e) {
                    if (e.nameIs("a") && HtmlTracking.isWebLink(e.attr("href").strip())
                            && !e.text().strip().equals(e.attr("href").strip())) {
                        out.append(" (").append(e.attr("href").strip()).append(')');
                    } else if (BLOCKS.contains(e.normalName())) {
                        newline(out);
                    }
                }
            }
        });
        return out.toString().replaceAll("\n{3,}", "\n\n").strip() + "\n";
    }

    private static void newline(StringBuilder out) {
        if (!out.isEmpty() && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
    }
}
