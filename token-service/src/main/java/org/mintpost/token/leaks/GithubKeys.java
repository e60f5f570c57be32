package org.mintpost.token.leaks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * The keys that may sign secret-scanning requests: those of {@code keys-file} (read again when the file
 * changes) and those fetched from {@code keys-url} (cached for {@code keys-cache-ttl}; fetched again
 * early, at most once per {@code keys-refetch-interval}, when a request names an unknown key).
 */
@ApplicationScoped
public class GithubKeys {

    private final LeaksConfig config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private volatile FileTime fileStamp;
    private volatile Map<String, PublicKey> fileKeys = Map.of();
    private volatile Map<String, PublicKey> urlKeys = Map.of();
    private volatile Instant urlFetchedAt = Instant.EPOCH;

    public GithubKeys(LeaksConfig config) {
        this.config = config;
    }

    /** The key with this identifier, or null when no configured source knows it. */
    public Uni<PublicKey> find(String keyId) {
        PublicKey fromFile = fromFile().get(keyId);
        if (fromFile != null || config.keysUrl().isEmpty()) {
            return Uni.createFrom().item(fromFile);
        }
        Instant now = Instant.now();
        PublicKey cached = urlKeys.get(keyId);
        boolean fresh = urlFetchedAt.plus(config.keysCacheTtl()).isAfter(now);
        if (cached != null && fresh) {
            return Uni.createFrom().item(cached);
        }
        boolean mayRefetch = !fresh || urlFetchedAt.plus(config.keysRefetchInterval()).isBefore(now);
        if (!mayRefetch) {
            return Uni.createFrom().nullItem();
        }
        return fetch(config.keysUrl().get()).map(keys -> keys.get(keyId));
    }

    private Uni<Map<String, PublicKey>> fetch(String url) {
        urlFetchedAt = Instant.now();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .header("Accept", "application/json").GET().build();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .map(response -> {
                    if (response.statusCode() != 200) {
                        Log.warnf("secret-scanning keys: %s answered %d", url, response.statusCode());
                        return urlKeys;
                    }
                    Map<String, PublicKey> keys = Map.copyOf(SignatureCheck.parseKeys(response.body()));
                    urlKeys = keys;
                    return keys;
                })
                .onFailure().recoverWithItem(e -> {
                    Log.warnf("secret-scanning keys: cannot fetch %s: %s", url, e.getClass().getSimpleName());
                    return urlKeys;
                });
    }

    private Map<String, PublicKey> fromFile() {
        if (config.keysFile().isEmpty() || config.keysFile().get().isBlank()) {
            return Map.of();
        }
        Path path = Path.of(config.keysFile().get());
        try {
            FileTime stamp = Files.getLastModifiedTime(path);
            if (!stamp.equals(fileStamp)) {
                fileKeys = Map.copyOf(SignatureCheck.parseKeys(Files.readString(path)));
                fileStamp = stamp;
            }
        } catch (IOException | IllegalArgumentException e) {
            Log.warnf("secret-scanning keys: cannot read %s: %s", path, e.getMessage());
        }
        return fileKeys;
    }
}
