package org.mintpost.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Tiny HTTP servers standing in for token-service, audit-service and webhook-service, for unit tests of the edge:
 * token-service answers {@code POST /internal/tokens/lookup} from states registered with
 * {@code PUT /_fake/tokens/<hash>}; every other path is echoed back as JSON (method, path, query,
 * headers, body, which server). Also makes the SSO issuer's key pair. Tests talk to these servers over
 * HTTP only (the test and the resource may live in different class loaders).
 */
public class FakeUpstreams implements QuarkusTestResourceLifecycleManager {

    public static final String SSO_ISSUER = "https://sso.example.test";
    /** The {@code aud} the gateway requires of SSO JWTs in these tests. */
    public static final String SSO_AUDIENCE = "mintpost-test";

    private HttpServer tokenService;
    private HttpServer auditService;
    private HttpServer webhookService;

    @Override
    public Map<String, String> start() {
        try {
            tokenService = server("token-service", true);
            auditService = server("audit-service", false);
            webhookService = server("webhook-service", false);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Path dir = Files.createTempDirectory("mintpost-sso");
            Path publicPem = dir.resolve("sso-public.pem");
            Path privatePem = dir.resolve("sso-private.pem");
            Files.writeString(publicPem, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            Files.writeString(privatePem, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Map<String, String> config = new HashMap<>();
            config.put("mintpost.token-service.url", "http://127.0.0.1:" + tokenService.getAddress().getPort());
            config.put("mintpost.audit-service.url", "http://127.0.0.1:" + auditService.getAddress().getPort());
            config.put("mintpost.webhook-service.url", "http://127.0.0.1:" + webhookService.getAddress().getPort());
            config.put("mintpost.sso.issuer", SSO_ISSUER);
            config.put("mintpost.sso.audience", SSO_AUDIENCE);
            config.put("mintpost.sso.public-key-location", publicPem.toUri().toString());
            config.put("test.sso-private-key", privatePem.toString());
            return config;
        } catch (Exception e) {
            throw new IllegalStateException("fake upstreams did not start", e);
        }
    }

    @Override
    public void stop() {
        if (tokenService != null) {
            tokenService.stop(0);
        }
        if (auditService != null) {
            auditService.stop(0);
        }
        if (webhookService != null) {
            webhookService.stop(0);
        }
    }

    private static HttpServer server(String name, boolean lookup) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        Map<String, String> tokens = new ConcurrentHashMap<>();
        AtomicInteger lookups = new AtomicInteger();
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getRawPath();
                byte[] body = readAll(exchange.getRequestBody());
                if (lookup && path.startsWith("/_fake/tokens/") && "PUT".equals(exchange.getRequestMethod())) {
                    tokens.put(path.substring("/_fake/tokens/".length()), new String(body, StandardCharsets.UTF_8));
                    reply(exchange, 204, null);
                } else if (lookup && path.equals("/_fake/lookups")) {
                    reply(exchange, 200, new JsonObject().put("count", lookups.get()).encode());
                } else if (lookup && path.equals("/internal/tokens/lookup")) {
                    lookups.incrementAndGet();
                    String hash = new JsonObject(new String(body, StandardCharsets.UTF_8)).getString("token_hash");
                    String auth = exchange.getRequestHeaders().getFirst("Authorization");
                    if (auth == null || !auth.startsWith("Bearer ey")) {
                        reply(exchange, 401, "{\"message\":\"no service jwt\",\"error\":\"unauthenticated\"}");
                        return;
                    }
                    String state = tokens.get(hash);
                    reply(exchange, state == null ? 404 : 200, state == null
                            ? "{\"message\":\"unknown\",\"error\":\"not_found\"}" : state);
                } else {
                    JsonObject headers = new JsonObject();
                    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), new JsonArray(List.copyOf(v))));
                    reply(exchange, 200, new JsonObject()
                            .put("server", name)
                            .put("method", exchange.getRequestMethod())
                            .put("path", path)
                            .put("query", exchange.getRequestURI().getRawQuery())
                            .put("headers", headers)
                            .put("body", new String(body, StandardCharsets.UTF_8))
                            .encode());
                }
            } catch (RuntimeException e) {
                reply(exchange, 500, "{\"message\":\"fake failed\",\"error\":\"internal\"}");
            }
        });
        server.start();
        return server;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        if (json == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
