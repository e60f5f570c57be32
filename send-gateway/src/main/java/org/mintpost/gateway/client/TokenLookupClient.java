package org.mintpost.gateway.client;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.contracts.kafka.EventJson;
import org.mintpost.gateway.config.GatewayConfig;
import org.mintpost.gateway.service.InternalJwtIssuer;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/** token-service's {@code POST /internal/tokens/lookup}: the edge's cache-miss path. Sends only the hash. */
@ApplicationScoped
public class TokenLookupClient {

    /** The lookup could not be answered (token-service down, slow or confused). */
    public static class LookupUnavailableException extends RuntimeException {
        public LookupUnavailableException(String message) {
            super(message, null, false, false);
        }
    }

    private final HttpClient client;
    private final String url;
    private final long timeoutMs;
    private final InternalJwtIssuer jwt;

    public TokenLookupClient(Vertx vertx, GatewayConfig config, InternalJwtIssuer jwt) {
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true));
        this.url = stripSlash(config.tokenService().url()) + "/internal/tokens/lookup";
        this.timeoutMs = config.tokenService().lookupTimeout().toMillis();
        this.jwt = jwt;
        URI.create(url);
    }

    /** The token's current state, empty when token-service does not know the hash. */
    public Uni<Optional<TokenChanged>> lookup(String tokenHash) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url)
                .setTimeout(timeoutMs)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.ACCEPT, "application/json")
                .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + jwt.forService());
        Buffer body = new JsonObject().put("token_hash", tokenHash).toBuffer();
        return Uni.createFrom().completionStage(() -> client.request(options)
                .compose(request -> request.send(body))
                .compose(response -> response.body().map(buffer -> {
                    if (response.statusCode() == 404) {
                        return Optional.<TokenChanged>empty();
                    }
                    if (response.statusCode() != 200) {
                        throw new LookupUnavailableException("token lookup answered " + response.statusCode());
                    }
                    try {
                        return Optional.of(EventJson.MAPPER.readValue(buffer.getBytes(), TokenChanged.class));
                    } catch (IOException e) {
                        throw new LookupUnavailableException("token lookup answered an unreadable body");
                    }
                }))
                .toCompletionStage())
                .onFailure(f -> !(f instanceof LookupUnavailableException))
                .transform(f -> new LookupUnavailableException("token lookup failed: " + f.getClass().getSimpleName()));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    private static String stripSlash(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
