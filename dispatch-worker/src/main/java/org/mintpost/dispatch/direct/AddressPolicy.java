package org.mintpost.dispatch.direct;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which MX addresses the worker may connect to: any public one, and a loopback, private, link-local, shared
 * (100.64/10), unique-local (fc00::/7) or unspecified one only inside {@code mintpost.delivery.allowed-networks}.
 * A domain's owner chooses its MX records: without this, a recipient domain could point the worker at the services
 * of its own network.
 */
public final class AddressPolicy {

    private record Network(byte[] prefix, int bits) {

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((address[i / 8] & mask) != (prefix[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final List<Network> INTERNAL = parseAll(List.of("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10",
            "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16", "::/128", "::1/128", "fc00::/7",
            "fe80::/10"));

    private final List<Network> allowed;

    public AddressPolicy(List<String> allowedNetworks) {
        this.allowed = parseAll(allowedNetworks);
    }

    /** True when the worker may deliver to {@code address}. */
    public boolean permits(InetAddress address) {
        byte[] bytes = address.getAddress();
        boolean internal = address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()
                || INTERNAL.stream().anyMatch(n -> n.contains(bytes));
        return !internal || allowed.stream().anyMatch(n -> n.contains(bytes));
    }

    private static List<Network> parseAll(List<String> cidrs) {
        List<Network> out = new ArrayList<>();
        for (String cidr : cidrs) {
            String c = cidr.strip();
            if (!c.isEmpty()) {
                out.add(parse(c));
            }
        }
        return out;
    }

    private static Network parse(String cidr) {
        int slash = cidr.indexOf('/');
        try {
            byte[] prefix = InetAddress.getByName(slash < 0 ? cidr : cidr.substring(0, slash)).getAddress();
            int bits = slash < 0 ? prefix.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
            if (bits < 0 || bits > prefix.length * 8) {
                throw new IllegalArgumentException("not a network: " + cidr);
            }
            return new Network(prefix, bits);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("not a network (CIDR): " + cidr);
        }
    }
}
