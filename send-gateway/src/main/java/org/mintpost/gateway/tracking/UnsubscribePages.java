package org.mintpost.gateway.tracking;

/** The hosted unsubscribe pages: a confirm button behind GET (which changes nothing), and the answer to it. */
final class UnsubscribePages {

    private UnsubscribePages() {
    }

    static String confirm(String recipient) {
        return page("Unsubscribe", "<p>Stop receiving these emails at <strong>" + escape(recipient)
                + "</strong>?</p><form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\" "
                + "value=\"One-Click\"><button type=\"submit\">Unsubscribe</button></form>");
    }

    static String done(String recipient) {
        return page("Unsubscribed", "<p><strong>" + escape(recipient)
                + "</strong> will no longer receive these emails.</p>");
    }

    private static String page(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                + "content=\"width=device-width, initial-scale=1\"><meta name=\"robots\" content=\"noindex\">"
                + "<title>" + title + "</title></head><body><main><h1>" + title + "</h1>" + body
                + "</main></body></html>";
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
