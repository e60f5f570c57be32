package org.mintpost.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small OIDC issuer for tests: serves {@code /.well-known/openid-configuration} and its JWKS over plain HTTP on
 * 127.0.0.1, signs identity tokens with its own RSA (RS256) and EC P-256 (ES256) keys, rotates its RSA key on
 * demand, and can be told to hang or answer garbage. Counts the requests it gets.
 */
public final class OidcIssuer implements AutoCloseable {

    /** How the JWKS endpoint answers. */
    public enum Mode { NORMAL, HANG, GARBAGE }

    private final HttpServer server;
    private final String url;
    private final List<PublicJsonWebKey> keys = new CopyOnWriteArrayList<>();
    private volatile PublicJsonWebKey rsa;
    private final PublicJsonWebKey ec;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger rotations = new AtomicInteger();
    private volatile Mode mode = Mode.NORMAL;

    private OidcIssuer() throws IOException {
        try {
            rsa = RsaJwkGenerator.generateJwk(2048);
            rsa.setKeyId("rsa-1");
            ec = EcJwkGenerator.generateJwk(EllipticCurves.P256);
            ec.setKeyId("ec-1");
        } catch (JoseException e) {
            throw new IOException(e);
        }
        keys.add(rsa);
        keys.add(ec);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "oidc-issuer");
            t.setDaemon(true);
            return t;
        }));
        url = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/.well-known/openid-configuration", ex -> answer(ex, 200,
                "{\"issuer\":\"" + url + "\",\"jwks_uri\":\"" + url + "/jwks\","
                        + "\"id_token_signing_alg_values_supported\":[\"RS256\",\"ES256\"]}"));
        server.createContext("/jwks", this::jwks);
        server.start();
    }

    public static OidcIssuer start() {
        try {
            return new OidcIssuer();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test OIDC issuer", e);
        }
    }

    /** The issuer URL ({@code iss}), e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return url;
    }

    public int requests() {
        return requests.get();
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    /** A new RSA key replaces the current one in the JWKS; new tokens are signed with it. Returns its key id. */
    public String rotate() {
        try {
            PublicJsonWebKey next = RsaJwkGenerator.generateJwk(2048);
            next.setKeyId("rsa-" + (rotations.incrementAndGet() + 1));
            keys.remove(rsa);
            keys.add(next);
            rsa = next;
            return next.getKeyId();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims of a GitHub Actions job's ID token. */
    public Map<String, Object> github(String audience, String repository, String ref) {
        Map<String, Object> c = base(audience, "repo:" + repository + ":ref:" + ref, 300);
        c.put("repository", repository);
        c.put("ref", ref);
        c.put("repository_owner", repository.substring(0, repository.indexOf('/')));
        c.put("workflow", "deploy");
        c.put("event_name", "push");
        return c;
    }

    /** Claims of a Kubernetes projected service-account token. */
    public Map<String, Object> kubernetes(String audience, String namespace, String serviceAccount) {
        Map<String, Object> c = base(audience, "system:serviceaccount:" + namespace + ":" + serviceAccount, 600);
        c.put("kubernetes.io", Map.of("namespace", namespace,
                "serviceaccount", Map.of("name", serviceAccount, "uid", UUID.randomUUID().toString())));
        return c;
    }

    /** {@code iss}, {@code sub}, {@code aud}, {@code iat}, {@code nbf}, {@code exp} (now + lifetime), a fresh jti. */
    public Map<String, Object> base(String audience, String subject, long lifetimeSeconds) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("iss", url);
        c.put("sub", subject);
        c.put("aud", audience);
        c.put("iat", now);
        c.put("nbf", now);
        c.put("exp", now + lifetimeSeconds);
        c.put("jti", UUID.randomUUID().toString());
        return c;
    }

    public String rs256(Map<String, Object> claims) {
        return sign(claims, AlgorithmIdentifiers.RSA_USING_SHA256, rsa);
    }

    public String es256(Map<String, Object> claims) {
        return sign(claims, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, ec);
    }

    /** Signed with a key the JWKS does not have, under its own key id. */
    public String withUnknownKey(Map<String, Object> claims) {
        try {
            PublicJsonWebKey stranger = RsaJwkGenerator.generateJwk(2048);
            stranger.setKeyId("not-published");
            return sign(claims, AlgorithmIdentifiers.RSA_USING_SHA256, stranger);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code alg: none}. */
    public String unsigned(Map<String, Object> claims) {
        JsonWebSignature jws = jws(claims);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        jws.setAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.NO_CONSTRAINTS);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HS256 with the issuer's public RSA key (its JWK JSON) as the HMAC secret: the classic confusion attack. */
    public String hs256WithPublicKey(Map<String, Object> claims) {
        JsonWebSignature jws = jws(claims);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKeyIdHeaderValue(rsa.getKeyId());
        jws.setKey(new HmacKey(rsa.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)
                .getBytes(StandardCharsets.UTF_8)));
        jws.setDoKeyValidation(false);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(Map<String, Object> claims, String alg, PublicJsonWebKey key) {
        JsonWebSignature jws = jws(claims);
        jws.setAlgorithmHeaderValue(alg);
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setKey(key.getPrivateKey());
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonWebSignature jws(Map<String, Object> claims) {
        JwtClaims jwt = new JwtClaims();
        claims.forEach(jwt::setClaim);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(jwt.toJson());
        return jws;
    }

    private void jwks(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        switch (mode) {
            case HANG -> {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                answer(ex, 200, "{}");
            }
            case GARBAGE -> answer(ex, 200, "<html>this is not a key set</html>");
            default -> {
                List<JsonWebKey> published = new ArrayList<>(keys);
                answer(ex, 200, new JsonWebKeySet(published)
                        .toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
            }
        }
    }

    private void answer(HttpExchange ex, int status, String body) throws IOException {
        if (!ex.getRequestURI().getPath().equals("/jwks")) {
            requests.incrementAndGet();
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
