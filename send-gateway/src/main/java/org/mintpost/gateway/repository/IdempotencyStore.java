package org.mintpost.gateway.repository;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.token.TokenFormat;
import org.mintpost.gateway.config.GatewayConfig;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.redis.client.Response;

/**
 * Idempotency keys in Redis, shared by every gateway: {@code mintpost:idem:<project>:<sha256(key)>}.
 * The first writer wins (SET NX); the entry holds the body hash and, once the send is acknowledged,
 * the response to replay for 24 h.
 */
@ApplicationScoped
public class IdempotencyStore {

    /** What Redis says about a key. {@code response} is set once the first send completed. */
    public record Entry(String bodyHash, JsonObject response) {
        public boolean inFlight() {
            return response == null;
        }
    }

    private final ReactiveRedisDataSource redis;
    private final Duration ttl;
    private final Duration inFlightTtl;

    public IdempotencyStore(ReactiveRedisDataSource redis, GatewayConfig config) {
        this.redis = redis;
        this.ttl = config.idempotency().ttl();
        this.inFlightTtl = config.idempotency().inFlightTtl();
    }

    public static String redisKey(String projectId, String idempotencyKey) {
        return "mintpost:idem:" + projectId + ":" + TokenFormat.sha256Hex(idempotencyKey);
    }

    /** Claims the key for this request; empty when claimed, else the entry that holds it. */
    public Uni<Optional<Entry>> claim(String key, String bodyHash) {
        String pending = new JsonObject().put("body_hash", bodyHash).encode();
        return redis.execute("SET", key, pending, "NX", "PX", String.valueOf(inFlightTtl.toMillis()))
                .chain(set -> {
                    if (set != null && "OK".equalsIgnoreCase(set.toString())) {
                        return Uni.createFrom().item(Optional.<Entry>empty());
                    }
                    return redis.execute("GET", key).map(IdempotencyStore::entry).chain(existing -> {
                        if (existing.isPresent()) {
                            return Uni.createFrom().item(existing);
                        }
                        // expired between SET and GET: try once more
                        return redis.execute("SET", key, pending, "NX", "PX", String.valueOf(inFlightTtl.toMillis()))
                                .map(again -> again != null ? Optional.<Entry>empty()
                                        : Optional.of(new Entry(bodyHash, null)));
                    });
                });
    }

    /** Stores the response to replay; the key then lives for the full TTL. */
    public Uni<Void> complete(String key, String bodyHash, JsonObject response) {
        String done = new JsonObject().put("body_hash", bodyHash).put("response", response).encode();
        return redis.execute("SET", key, done, "PX", String.valueOf(ttl.toMillis())).replaceWithVoid();
    }

    /** Frees the key after a failed send, so that the client's retry can go through. */
    public Uni<Void> release(String key) {
        return redis.execute("DEL", key).replaceWithVoid();
    }

    private static Optional<Entry> entry(Response response) {
        if (response == null) {
            return Optional.empty();
        }
        try {
            JsonObject json = new JsonObject(response.toString());
            return Optional.of(new Entry(json.getString("body_hash"), json.getJsonObject("response")));
        } catch (RuntimeException e) {
            return Optional.of(new Entry("", null));
        }
    }
}
