package org.mintpost.gateway.tracking;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.mintpost.contracts.tracking.TrackingPaths;

/**
 * Who made a hit: {@code machine} (HEAD requests, known link scanners and prefetchers, a click within seconds of
 * the message's making), {@code privacy} (Apple Mail Privacy Protection's proxy: a bare {@code Mozilla/5.0} user
 * agent, or an address in Apple's 17.0.0.0/8), {@code human} otherwise.
 */
final class HitClassifier {

    private static final List<String> SCANNERS = List.of("bot", "crawler", "spider", "scanner", "preview",
            "proofpoint", "mimecast", "barracuda", "safelinks", "urldefense", "fireeye", "trendmicro", "symantec",
            "forcepoint", "curl/", "wget/", "python-requests", "python-urllib", "go-http-client", "java/",
            "okhttp", "headlesschrome", "phantomjs", "libwww-perl", "apache-httpclient");

    private HitClassifier() {
    }

    static String classify(String method, String userAgent, String ip, Instant madeAt, boolean click,
            Duration machineClickWindow, Instant now) {
        if ("HEAD".equalsIgnoreCase(method)) {
            return TrackingPaths.MACHINE;
        }
        String ua = userAgent == null ? "" : userAgent.strip().toLowerCase(Locale.ROOT);
        if (ua.isEmpty() || SCANNERS.stream().anyMatch(ua::contains)) {
            return TrackingPaths.MACHINE;
        }
        if (click && madeAt != null && now.isBefore(madeAt.plus(machineClickWindow))) {
            return TrackingPaths.MACHINE;
        }
        if (!click && ("mozilla/5.0".equals(ua) || ip != null && ip.startsWith("17."))) {
            return TrackingPaths.PRIVACY;
        }
        return TrackingPaths.HUMAN;
    }
}
