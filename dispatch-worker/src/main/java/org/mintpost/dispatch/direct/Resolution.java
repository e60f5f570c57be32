package org.mintpost.dispatch.direct;

/**
 * What the DNS said about a recipient domain: a destination, no way to deliver there ever (no MX, A or AAAA; a
 * null MX; only refused addresses), or a failure worth asking again later (a timeout, SERVFAIL).
 */
public record Resolution(Kind kind, Destination destination, String reason) {

    public enum Kind { FOUND, NO_ROUTE, DNS_FAILED }

    static Resolution found(Destination destination) {
        return new Resolution(Kind.FOUND, destination, null);
    }

    static Resolution noRoute(String reason) {
        return new Resolution(Kind.NO_ROUTE, null, reason);
    }

    static Resolution failed(String reason) {
        return new Resolution(Kind.DNS_FAILED, null, reason);
    }
}
