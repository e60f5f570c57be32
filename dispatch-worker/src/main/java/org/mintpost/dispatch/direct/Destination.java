package org.mintpost.dispatch.direct;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Where the mail for one recipient domain goes: its MX hosts in the order to try them, each with its addresses.
 * Domains whose MX hosts are the same share one destination ({@link #key()}): the MX rollup, so one provider's
 * limits are kept however many of its customers' domains a message names.
 */
public record Destination(String domain, List<Host> hosts) {

    /** One MX host (or the domain itself when it has no MX: the implicit MX of RFC 5321 §5.1). */
    public record Host(String name, int preference, List<InetAddress> addresses) {
    }

    /** The MX host names, sorted and joined: the same for every domain served by the same hosts. */
    public String key() {
        TreeSet<String> names = new TreeSet<>();
        hosts.forEach(h -> names.add(h.name().toLowerCase(Locale.ROOT)));
        return String.join(",", names);
    }
}
