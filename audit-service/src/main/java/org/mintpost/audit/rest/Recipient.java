package org.mintpost.audit.rest;

import java.util.List;

/** The SDK's {@code MessageRecipientData}: an address split from its display name. */
public record Recipient(String email, String name) {

    /** {@code "Name <a@b>"}, {@code "\"Name\" <a@b>"} or {@code "a@b"}. */
    static Recipient parse(String address) {
        if (address == null) {
            return new Recipient(null, null);
        }
        String a = address.trim();
        int open = a.lastIndexOf('<');
        if (open >= 0 && a.endsWith(">")) {
            String name = a.substring(0, open).trim();
            if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                name = name.substring(1, name.length() - 1);
            }
            return new Recipient(a.substring(open + 1, a.length() - 1).trim(), name.isEmpty() ? null : name);
        }
        return new Recipient(a, null);
    }

    static List<Recipient> all(List<String> addresses) {
        return addresses == null || addresses.isEmpty() ? null : addresses.stream().map(Recipient::parse).toList();
    }
}
