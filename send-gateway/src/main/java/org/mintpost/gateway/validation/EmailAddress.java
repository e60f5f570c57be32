package org.mintpost.gateway.validation;

import java.util.Optional;

import org.mintpost.gateway.service.Cidr;

/**
 * An RFC 5322 mailbox as the Sending API accepts it: {@code addr@domain}, {@code Name <addr@domain>}
 * or {@code "Quoted, Name" <addr@domain>}. UTF-8 display names are allowed (RFC 6532); control
 * characters, CR and LF never are.
 *
 * @param display the display name as given (unquoted form), or null
 * @param address the addr-spec
 */
public record EmailAddress(String display, String address) {

    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

    /** The normalized form kept in the job: {@code Name <addr>} (quoted when needed) or {@code addr}. */
    public String formatted() {
        if (display == null || display.isEmpty()) {
            return address;
        }
        boolean plain = display.chars().allMatch(c -> c == ' ' || c == '.' || isAtext(c) || c > 127);
        String name = plain ? display : '"' + display.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        return name + " <" + address + ">";
    }

    public static Optional<EmailAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String value = text.trim();
        if (value.isEmpty() || value.length() > 998 || hasControl(value)) {
            return Optional.empty();
        }
        if (!value.endsWith(">")) {
            return isAddrSpec(value) ? Optional.of(new EmailAddress(null, value)) : Optional.empty();
        }
        int open = value.lastIndexOf('<');
        if (open < 0) {
            return Optional.empty();
        }
        String addr = value.substring(open + 1, value.length() - 1).trim();
        String phrase = value.substring(0, open).trim();
        if (!isAddrSpec(addr)) {
            return Optional.empty();
        }
        if (phrase.isEmpty()) {
            return Optional.of(new EmailAddress(null, addr));
        }
        Optional<String> display = phrase(phrase);
        return display.map(d -> new EmailAddress(d, addr));
    }

    /** A display name: a quoted string, or words of atext, dots and spaces (obs-phrase). */
    private static Optional<String> phrase(String phrase) {
        if (phrase.startsWith("\"")) {
            if (phrase.length() < 2 || !phrase.endsWith("\"")) {
                return Optional.empty();
            }
            StringBuilder out = new StringBuilder();
            for (int i = 1; i < phrase.length() - 1; i++) {
                char c = phrase.charAt(i);
                if (c == '\\') {
                    if (i + 1 >= phrase.length() - 1) {
                        return Optional.empty();
                    }
                    out.append(phrase.charAt(++i));
                } else if (c == '"') {
                    return Optional.empty();
                } else {
                    out.append(c);
                }
            }
            return Optional.of(out.toString());
        }
        for (int i = 0; i < phrase.length(); i++) {
            char c = phrase.charAt(i);
            if (!(c == ' ' || c == '.' || isAtext(c) || c > 127)) {
                return Optional.empty();
            }
        }
        return Optional.of(phrase);
    }

    static boolean isAddrSpec(String addr) {
        if (addr.length() > 254) {
            return false;
        }
        int at = addr.lastIndexOf('@');
        if (at <= 0 || at == addr.length() - 1) {
            return false;
        }
        return isLocalPart(addr.substring(0, at)) && isDomain(addr.substring(at + 1));
    }

    private static boolean isLocalPart(String local) {
        if (local.length() > 64) {
            return false;
        }
        if (local.startsWith("\"") && local.endsWith("\"") && local.length() >= 2) {
            for (int i = 1; i < local.length() - 1; i++) {
                char c = local.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    return false;
                }
            }
            return true;
        }
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            return false;
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (!(c == '.' || isAtext(c) || c > 127)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDomain(String domain) {
        if (domain.length() > 253 || domain.isEmpty()) {
            return false;
        }
        if (domain.startsWith("[") && domain.endsWith("]")) {
            return Cidr.literal(domain.substring(1, domain.length() - 1).replaceFirst("^(?i)IPv6:", ""))
                    .isPresent();
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = Character.isLetterOrDigit(c) || c == '-';
                if (!ok) {
                    return false;
                }
            }
        }
        String tld = labels[labels.length - 1];
        return !tld.chars().allMatch(Character::isDigit);
    }

    private static boolean isAtext(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || ATEXT_SPECIALS.indexOf(c) >= 0;
    }

    static boolean hasControl(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 32 || c == 127) {
                return true;
            }
        }
        return false;
    }
}
