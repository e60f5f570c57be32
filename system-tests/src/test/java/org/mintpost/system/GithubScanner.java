package org.mintpost.system;

import static org.mintpost.testing.GithubScanning.sign;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;

/**
 * A secret scanner as GitHub's partner program runs one: a JSON array of {@code {token, type, url, source}} signed
 * with a P-256 key (ECDSA, SHA-256) whose public half token-service reads from its keys file, posted to
 * {@code /v1/secret-scanning/github} at a gateway on a kept-alive connection.
 */
final class GithubScanner {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private GithubScanner() {
    }

    static Map<String, String> entry(String token, String url, String source) {
        String type = token.startsWith("lm_team_") ? "mintpost_team_token" : "mintpost_project_token";
        return Map.of("token", token, "type", type, "url", url, "source", source);
    }

    /** Posts {@code body} signed by {@code signer} under {@code keyId}; returns once the answer is read. */
    static HttpResponse<String> report(Suite.Service gateway, String body, String keyId, KeyPair signer)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/secret-scanning/github"))
                .header("Content-Type", "application/json").header("Github-Public-Key-Identifier", keyId)
                .header("Github-Public-Key-Signature", sign(body, signer))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
