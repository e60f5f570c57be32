package org.mintpost.dispatch.direct;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLContext;

import io.quarkus.logging.Log;

/**
 * Finds and caches the MTA-STS policy of a recipient domain (RFC 8461): the {@code _mta-sts} TXT record says a
 * policy exists and its id; the policy itself is fetched over verified HTTPS (no redirects) and kept for its
 * {@code max_age}, fetched again when the id changes. A domain without a TXT record, or whose policy cannot be
 * fetched and was never cached, is delivered to as if it had none (§5) for the next five minutes; a cached policy
 * is used until it expires.
 */
public class MtaStsPolicies {

    private record Cached(MtaStsPolicy policy, long expiresAtNanos) {
    }

    private static final Duration NO_POLICY_CACHE = Duration.ofMinutes(5);

    private final MxResolver dns;
    private final DeliveryConfig.MtaSts config;
    private final HttpClient http;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public MtaStsPolicies(MxResolver dns, DeliveryConfig.MtaSts config, SSLContext tls) {
        this.dns = dns;
        this.config = config;
        this.http = HttpClient.newBuilder().sslContext(tls).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(config.timeout()).build();
    }

    public MtaStsPolicy policy(String domain) {
        if (!config.enabled()) {
            return MtaStsPolicy.NONE;
        }
        String d = domain.toLowerCase(Locale.ROOT);
        Cached cached = cache.get(d);
        long now = System.nanoTime();
        if (cached != null && cached.expiresAtNanos() > now && cached.policy().mode() == MtaStsPolicy.Mode.NONE) {
            return cached.policy();
        }
        List<String> txt = dns.txt("_mta-sts." + d);
        String id = txt == null ? null : id(txt);
        boolean fresh = cached != null && cached.expiresAtNanos() > now;
        if (fresh && (id == null || id.equals(cached.policy().id()))) {
            // unchanged, or the TXT record could not be had: the cached policy holds until it expires (§5.1)
            return cached.policy();
        }
        if (id == null) {
            if (txt != null) {
                cache.put(d, new Cached(MtaStsPolicy.NONE, now + NO_POLICY_CACHE.toNanos()));
            }
            return MtaStsPolicy.NONE;
        }
        MtaStsPolicy fetched = fetch(d, id);
        if (fetched == null) {
            if (fresh) {
                return cached.policy();
            }
            // not asked again for every message (a policy host that does not answer would cost each its timeout)
            cache.put(d, new Cached(MtaStsPolicy.NONE, now + NO_POLICY_CACHE.toNanos()));
            return MtaStsPolicy.NONE;
        }
        cache.put(d, new Cached(fetched, now + fetched.maxAge().toNanos()));
        return fetched;
    }

    private MtaStsPolicy fetch(String domain, String id) {
        String url = String.format(config.policyUrl(), domain);
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(config.timeout()).GET().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                Log.infof("MTA-STS policy of %s: HTTP %d; delivered to as without one", domain, response.statusCode());
                return null;
            }
            MtaStsPolicy policy = MtaStsPolicy.parse(id, response.body());
            if (policy == null) {
                Log.infof("MTA-STS policy of %s is not a valid STSv1 policy; delivered to as without one", domain);
            }
            return policy;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            Log.infof("MTA-STS policy of %s cannot be fetched (%s); delivered to as without one", domain,
                    e.getClass().getSimpleName());
            return null;
        }
    }

    /** The id of the one {@code v=STSv1} record, or null when there is none or more than one (§3.1). */
    static String id(List<String> txt) {
        String id = null;
        int found = 0;
        for (String record : txt) {
            if (!record.startsWith("v=STSv1")) {
                continue;
            }
            found++;
            for (String field : record.split(";")) {
                String f = field.strip();
                if (f.startsWith("id=")) {
                    id = f.substring(3);
                }
            }
        }
        return found == 1 ? id : null;
    }
}
