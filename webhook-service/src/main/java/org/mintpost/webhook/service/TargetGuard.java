package org.mintpost.webhook.service;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.mintpost.webhook.config.WebhookConfig;

/**
 * Which URLs a webhook may call: https only, and no host that resolves to a loopback, private, link-local,
 * carrier-grade NAT, multicast or cloud metadata address — checked when a webhook is saved and again before
 * every attempt (a name may resolve elsewhere later). {@code mintpost.webhooks.allow-private-targets} lifts both
 * rules for the local stack and tests.
 */
@ApplicationScoped
public class TargetGuard {

    /** The one refusal that may pass later (a name that does not resolve now): an attempt is retried. */
    public static final String UNRESOLVED = "The url's host does not resolve.";

    private final boolean allowPrivate;

    @Inject
    public TargetGuard(WebhookConfig config) {
        this(config.allowPrivateTargets());
    }

    public TargetGuard(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** Null when the URL may be called, else the reason it may not. */
    public String refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "The url is not a valid URL.";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return "The url must be an absolute https URL.";
        }
        if (allowPrivate) {
            return null;
        }
        if (!scheme.equals("https")) {
            return "The url must use https.";
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            return UNRESOLVED;
        }
        for (InetAddress address : addresses) {
            if (forbidden(address)) {
                return "The url resolves to a loopback, private, link-local or metadata address.";
            }
        }
        return null;
    }

    public static boolean forbidden(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || first >= 240 || (first == 100 && second >= 64 && second < 128)
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) || (first == 198 && (second & 0xfe) == 18);
        }
        if (a instanceof Inet6Address) {
            int first = b[0] & 0xff;
            return (first & 0xfe) == 0xfc || isMappedOrCompatible(b);
        }
        return false;
    }

    private static boolean isMappedOrCompatible(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
