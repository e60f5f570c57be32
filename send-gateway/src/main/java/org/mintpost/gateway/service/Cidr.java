package org.mintpost.gateway.service;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One IPv4 or IPv6 CIDR block ({@code 10.0.0.0/8}, {@code 2001:db8::/32}; a bare address is a /32 or /128). */
public final class Cidr {

    private final byte[] network;
    private final int prefix;

    private Cidr(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /** The block, or empty when {@code text} is not a CIDR. Never resolves host names. */
    public static Optional<Cidr> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String value = text.trim();
        int slash = value.indexOf('/');
        String address = slash < 0 ? value : value.substring(0, slash);
        Optional<byte[]> bytes = literal(address);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        int bits = bytes.get().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = value.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            prefix = Integer.parseInt(p);
            if (prefix > bits) {
                return Optional.empty();
            }
        }
        return Optional.of(new Cidr(bytes.get(), prefix));
    }

    /** Parses every entry that is a CIDR; the others are skipped. */
    public static List<Cidr> parseAll(List<String> texts) {
        List<Cidr> result = new ArrayList<>();
        if (texts != null) {
            for (String text : texts) {
                parse(text).ifPresent(result::add);
            }
        }
        return List.copyOf(result);
    }

    /**
     * The bytes of an IP literal, or empty. Only hex digits, dots and colons are accepted, so this
     * never triggers a DNS lookup whatever a client puts in a header.
     */
    public static Optional<byte[]> literal(String address) {
        if (address == null || address.isEmpty() || address.length() > 45) {
            return Optional.empty();
        }
        String a = address;
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        boolean hasColon = a.indexOf(':') >= 0;
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || c == '.' || (hasColon && (c == ':'
                    || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
            if (!ok) {
                return Optional.empty();
            }
        }
        if (!hasColon && a.chars().filter(c -> c == '.').count() != 3) {
            return Optional.empty();
        }
        try {
            byte[] bytes = InetAddress.getByName(a).getAddress();
            return Optional.of(bytes);
        } catch (UnknownHostException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public boolean contains(String address) {
        return literal(address).map(this::contains).orElse(false);
    }

    public boolean contains(byte[] address) {
        byte[] candidate = address;
        if (candidate.length != network.length) {
            candidate = mapped(candidate, network.length);
            if (candidate == null) {
                return false;
            }
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (candidate[full] & mask) == (network[full] & mask);
    }

    /** IPv4-mapped IPv6 ({@code ::ffff:a.b.c.d}) against IPv4 blocks and back. */
    private static byte[] mapped(byte[] address, int wanted) {
        if (address.length == 16 && wanted == 4) {
            for (int i = 0; i < 10; i++) {
                if (address[i] != 0) {
                    return null;
                }
            }
            if (address[10] != (byte) 0xFF || address[11] != (byte) 0xFF) {
                return null;
            }
            return new byte[] {address[12], address[13], address[14], address[15]};
        }
        if (address.length == 4 && wanted == 16) {
            byte[] v6 = new byte[16];
            v6[10] = (byte) 0xFF;
            v6[11] = (byte) 0xFF;
            System.arraycopy(address, 0, v6, 12, 4);
            return v6;
        }
        return null;
    }

    /** True when {@code address} is in any of {@code blocks}. */
    public static boolean anyContains(List<Cidr> blocks, String address) {
        Optional<byte[]> bytes = literal(address);
        if (bytes.isEmpty()) {
            return false;
        }
        for (Cidr block : blocks) {
            if (block.contains(bytes.get())) {
                return true;
            }
        }
        return false;
    }
}
