package org.mintpost.gateway.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.token.TokenFormat;
import org.mintpost.gateway.config.GatewayConfig;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.redis.client.Response;

/**
 * Idempotency keys in Redis, shared by every gateway: {@code mintpost:idem:<project>:<sha256(key)>}.
 * The first writer wins (SET NX); the entry holds the body hash, the message ids the send will carry and
 * when it was claimed, and, once the send is acknowledged, the response to replay. Claimed or completed, a key
 * lives the full {@code mintpost.idempotency.ttl} (24 h): a claim left in flight by a gateway that died (or lost
 * Redis) after its publish is never forgotten before then, but taken over: the retry publishes the same message
 * ids again, which the workers deliver once (their delivered ledger). Every call has the deadline and circuit
 * breaker of {@link RedisCalls}.
 */
@ApplicationScoped
public class IdempotencyStore {

    /**
     * What Redis says about a key. {@code response} is set once the first send completed; {@code raw} is
     * the stored value as it was read (a takeover succeeds only if it is still the same).
     */
    public record Entry(String bodyHash, JsonObject response, List<String> messageIds, long claimedAtMillis,
            String raw) {
        public boolean inFlight() {
            return response == null;
        }
    }

    private static final String TAKE_OVER = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
              return 1
            end
            return 0
            """;

    private final RedisCalls redis;
    private final String ttlMillis;

    public IdempotencyStore(RedisCalls redis, GatewayConfig config) {
        this.redis = redis;
        this.ttlMillis = String.valueOf(config.idempotency().ttl().toMillis());
    }

    public static String redisKey(String projectId, String idempotencyKey) {
        return "mintpost:idem:" + projectId + ":" + TokenFormat.sha256Hex(idempotencyKey);
    }

    /** Claims the key for this request; empty when claimed, else the entry that holds it. */
    public Uni<Optional<Entry>> claim(String key, String bodyHash, List<String> messageIds) {
        String pending = pending(bodyHash, messageIds);
        return redis.execute("SET", key, pending, "NX", "PX", ttlMillis)
                .chain(set -> {
                    if (set != null && "OK".equalsIgnoreCase(set.toString())) {
                        return Uni.createFrom().item(Optional.<Entry>empty());
                    }
                    return redis.execute("GET", key).map(IdempotencyStore::entry).chain(existing -> {
                        if (existing.isPresent()) {
                            return Uni.createFrom().item(existing);
                        }
                        // expired between SET and GET: try once more
                        return redis.execute("SET", key, pending, "NX", "PX", ttlMillis)
                                .map(again -> again != null ? Optional.<Entry>empty()
                                        : Optional.of(new Entry(bodyHash, null, List.of(), System.currentTimeMillis(),
                                                "")));
                    });
                });
    }

    /**
     * Claims an in-flight key for this request if it still holds exactly {@code stale} (no other retry took
     * it over, its sender did not complete it meanwhile); true when this request now holds it.
     */
    public Uni<Boolean> takeOver(String key, Entry stale) {
        String pending = pending(stale.bodyHash(), stale.messageIds());
        return redis.execute("EVAL", TAKE_OVER, "1", key, stale.raw(), pending, ttlMillis)
                .map(r -> r != null && r.toLong() == 1L);
    }

    private static String pending(String bodyHash, List<String> messageIds) {
        return new JsonObject().put("body_hash", bodyHash).put("message_ids", new JsonArray(messageIds))
                .put("claimed_at", System.currentTimeMillis()).encode();
    }

    /** Stores the response to replay; the key then lives for the full TTL. */
    public Uni<Void> complete(String key, String bodyHash, JsonObject response) {
        String done = new JsonObject().put("body_hash", bodyHash).put("response", response).encode();
        return redis.execute("SET", key, done, "PX", ttlMillis).replaceWithVoid();
    }

    /**
     * After a failed publish: the claim stays, with its message ids, open to the next retry of the same
     * body at once. Some jobs of a batch may have reached the broker; the retry publishes them again under
     * the same ids, which the workers deliver once.
     */
    public Uni<Void> abandon(String key, String bodyHash, List<String> messageIds) {
        String open = new JsonObject().put("body_hash", bodyHash).put("message_ids", new JsonArray(messageIds))
                .put("claimed_at", 0L).encode();
        return redis.execute("SET", key, open, "XX", "PX", ttlMillis).replaceWithVoid();
    }

    private static Optional<Entry> entry(Response response) {
        if (response == null) {
            return Optional.empty();
        }
        String raw = response.toString();
        try {
            JsonObject json = new JsonObject(raw);
            List<String> ids = new ArrayList<>();
            json.getJsonArray("message_ids", new JsonArray()).forEach(id -> ids.add(String.valueOf(id)));
            return Optional.of(new Entry(json.getString("body_hash"), json.getJsonObject("response"), List.copyOf(ids),
                    json.getLong("claimed_at", 0L), raw));
        } catch (RuntimeException e) {
            return Optional.of(new Entry("", null, List.of(), 0L, raw));
        }
    }
}
