package org.mintpost.token.workloads;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.lang.JoseException;
import org.mintpost.contracts.kafka.EventJson;
import org.mintpost.token.workloads.ExchangeErrors.KeysUnavailable;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.logging.Log;

/**
 * The signing keys of each allowlisted issuer, from its OIDC discovery document and JWKS: cached for
 * {@code keys-cache-ttl}, fetched again early when an identity token names an unknown key id, at most once per
 * {@code keys-refetch-interval} per issuer. Concurrent callers share one fetch. Never called for an issuer that is
 * not on the allowlist.
 */
@ApplicationScoped
public class IssuerKeys {

    private record Cached(List<JsonWebKey> keys, Instant fetchedAt) {
        boolean has(String kid) {
            return keys.stream().anyMatch(k -> kid == null || kid.equals(k.getKeyId()));
        }
    }

    private final WorkloadsConfig config;
    private final HttpClient http;
    private final ConcurrentMap<String, Cached> cache = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Instant> lastFetch = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, CompletableFuture<Cached>> inFlight = new ConcurrentHashMap<>();

    public IssuerKeys(WorkloadsConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.fetchTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * The issuer's keys, including one with {@code kid} when the issuer has it (empty when it does not); fails with
     * {@link KeysUnavailable} when they cannot be fetched and none are cached.
     */
    public CompletableFuture<List<JsonWebKey>> keys(String issuer, String kid) {
        Instant now = Instant.now();
        Cached cached = cache.get(issuer);
        boolean fresh = cached != null && cached.fetchedAt().plus(config.keysCacheTtl()).isAfter(now);
        if (fresh && cached.has(kid)) {
            return CompletableFuture.completedFuture(cached.keys());
        }
        Instant last = lastFetch.get(issuer);
        boolean mayFetch = !fresh || last == null || last.plus(config.keysRefetchInterval()).isBefore(now);
        if (!mayFetch) {
            return CompletableFuture.completedFuture(cached.keys());
        }
        return inFlight.computeIfAbsent(issuer, i -> {
            lastFetch.put(i, now);
            return fetch(i).whenComplete((v, e) -> inFlight.remove(i));
        }).handle((fetched, failure) -> {
            if (failure == null) {
                return fetched.keys();
            }
            if (cached != null) {
                return cached.keys();
            }
            throw failure instanceof KeysUnavailable k ? k
                    : failure.getCause() instanceof KeysUnavailable k2 ? k2 : new KeysUnavailable("fetch failed");
        });
    }

    private CompletableFuture<Cached> fetch(String issuer) {
        String discovery = (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer)
                + "/.well-known/openid-configuration";
        return get(discovery).thenCompose(body -> {
            String jwksUri;
            try {
                JsonNode doc = EventJson.MAPPER.readTree(body);
                JsonNode iss = doc == null ? null : doc.get("issuer");
                JsonNode uri = doc == null ? null : doc.get("jwks_uri");
                if (iss == null || !issuer.equals(iss.asText()) || uri == null || !uri.isTextual()) {
                    throw new KeysUnavailable("the discovery document names another issuer or no jwks_uri");
                }
                jwksUri = uri.textValue();
            } catch (java.io.IOException e) {
                throw new KeysUnavailable("the discovery document is not JSON");
            }
            if (!jwksUri.startsWith("https://") && !(config.allowInsecureIssuers() && jwksUri.startsWith("http://"))) {
                throw new KeysUnavailable("the jwks_uri is not https");
            }
            return get(jwksUri);
        }).thenApply(body -> {
            try {
                List<JsonWebKey> keys = List.copyOf(new JsonWebKeySet(body).getJsonWebKeys());
                Cached fetched = new Cached(keys, Instant.now());
                cache.put(issuer, fetched);
                Log.infof("trusted workloads: fetched %d key(s) of %s", keys.size(), issuer);
                return fetched;
            } catch (JoseException | RuntimeException e) {
                throw new KeysUnavailable("the JWKS is not a key set");
            }
        }).whenComplete((v, e) -> {
            if (e != null) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                Log.warnf("trusted workloads: cannot fetch the keys of %s: %s", issuer,
                        cause instanceof KeysUnavailable ? cause.getMessage() : cause.getClass().getSimpleName());
            }
        });
    }

    private CompletableFuture<String> get(String url) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(config.fetchTimeout())
                    .header("Accept", "application/json").GET().build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new KeysUnavailable("a key URL is not a URL"));
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() != 200) {
                throw new KeysUnavailable(url + " answered " + response.statusCode());
            }
            return response.body();
        });
    }

    /** Forgets every cached key set (tests). */
    void clear() {
        cache.clear();
        lastFetch.clear();
    }
}
