package org.mintpost.token.leaks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/**
 * The keys fetched from {@code keys-url}, from a real HTTP server: fetched once and cached; a flood of requests
 * naming unknown key ids fetches again at most once per refetch interval (no lookup storm at the key server); a
 * key server that fails or answers garbage leaves the keys known before and never throws.
 */
class GithubKeysTest {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    HttpServer server;
    final AtomicInteger fetches = new AtomicInteger();
    final AtomicReference<String> document = new AtomicReference<>();
    final AtomicInteger status = new AtomicInteger(200);
    KeyPair key;

    @BeforeEach
    void start() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        key = generator.generateKeyPair();
        document.set(keysDocument("kid-1", key.getPublic()));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/meta/public_keys/secret_scanning", exchange -> {
            fetches.incrementAndGet();
            byte[] body = document.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.get(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void fetchedOnceCachedAndUnknownIdsRefetchAtMostOncePerInterval() throws Exception {
        GithubKeys keys = new GithubKeys(config(Duration.ofHours(1), Duration.ofMinutes(1)));
        PublicKey found = keys.find("kid-1").await().atMost(TIMEOUT);
        assertNotNull(found);
        assertTrue(SignatureCheck.verifies(found, "[]".getBytes(StandardCharsets.UTF_8), sign("[]")));
        assertNotNull(keys.find("kid-1").await().atMost(TIMEOUT));
        assertEquals(1, fetches.get(), "a known key is served from the cache");

        for (int i = 0; i < 50; i++) {
            assertNull(keys.find("unknown-" + i).await().atMost(TIMEOUT));
        }
        assertTrue(fetches.get() <= 2, "unknown key ids fetched the keys " + fetches.get() + " times");
        assertNotNull(keys.find("kid-1").await().atMost(TIMEOUT), "the known key still works");
    }

    @Test
    void aNewKeyIsPickedUpWhenARequestNamesIt() throws Exception {
        GithubKeys keys = new GithubKeys(config(Duration.ofHours(1), Duration.ZERO));
        assertNotNull(keys.find("kid-1").await().atMost(TIMEOUT));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        document.set(keysDocument("kid-2", generator.generateKeyPair().getPublic()));
        assertNotNull(keys.find("kid-2").await().atMost(TIMEOUT), "a rotated-in key is fetched on first use");
    }

    @Test
    void aFailingOrGarbledKeyServerKeepsTheKnownKeysAndNeverThrows() {
        GithubKeys keys = new GithubKeys(config(Duration.ZERO, Duration.ZERO));
        assertNotNull(keys.find("kid-1").await().atMost(TIMEOUT));
        status.set(500);
        assertNotNull(keys.find("kid-1").await().atMost(TIMEOUT), "a 500 keeps the keys known before");
        status.set(200);
        document.set("not json at all");
        assertNotNull(keys.find("kid-1").await().atMost(TIMEOUT), "garbage keeps the keys known before");
        String valid = keysDocument("kid-1", key.getPublic());
        document.set(valid.substring(0, valid.lastIndexOf(']'))
                + ", {\"key_identifier\": \"kid-3\", \"key\": \"not a pem\"}]}");
        assertNull(keys.find("kid-3").await().atMost(TIMEOUT), "a key that is no P-256 key is left out");
        server.stop(0);
        assertNotNull(keys.find("kid-1").await().atMost(TIMEOUT), "an unreachable server keeps the keys known before");
    }

    private LeaksConfig config(Duration cacheTtl, Duration refetch) {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/meta/public_keys/secret_scanning";
        return new LeaksConfig() {
            @Override
            public Optional<String> keysFile() {
                return Optional.empty();
            }

            @Override
            public Optional<String> keysUrl() {
                return Optional.of(url);
            }

            @Override
            public Duration keysCacheTtl() {
                return cacheTtl;
            }

            @Override
            public Duration keysRefetchInterval() {
                return refetch;
            }

            @Override
            public int maxBodyBytes() {
                return 1_048_576;
            }

            @Override
            public int maxEntries() {
                return 1000;
            }

            @Override
            public Duration replayWindow() {
                return Duration.ofDays(30);
            }

            @Override
            public int reportsPerIpPerMinute() {
                return 10;
            }
        };
    }

    private String sign(String body) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(key.getPrivate());
        s.update(body.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(s.sign());
    }

    private static String keysDocument(String id, PublicKey publicKey) {
        String pem = "-----BEGIN PUBLIC KEY-----\\n" + Base64.getEncoder().encodeToString(publicKey.getEncoded())
                + "\\n-----END PUBLIC KEY-----\\n";
        return "{\"public_keys\": [{\"key_identifier\": \"" + id + "\", \"key\": \"" + pem
                + "\", \"is_current\": true}]}";
    }
}
