package org.mintpost.gateway.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.EmailContent;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.contracts.kafka.EventJson;
import org.mintpost.contracts.token.TokenFormat;
import org.mintpost.gateway.config.GatewayConfig;
import org.mintpost.gateway.repository.IdempotencyStore;
import org.mintpost.gateway.routes.ProjectSettingsFence;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Accepts validated messages for a project token: rate limit, idempotency, then one
 * {@code send-jobs} record per message, answered only after the broker's ack.
 */
@ApplicationScoped
public class SendService {

    public static final String STATUS_PENDING = "pending";
    public static final String STATUS_SCHEDULED = "scheduled";

    /** One accepted message as the API answers it ({@code deliveryMode} null: live). */
    public record Accepted(String messageId, String status, Instant scheduledAt, String deliveryMode,
            String sandboxResult) {
    }

    /**
     * One message received over SMTP: {@code mime} as received, control headers removed; {@code fingerprint} what
     * identifies it for idempotency (same message, same fingerprint); {@code sandboxResult} its
     * {@code X-Lettermint-Sandbox-Result} header (checked), or null.
     */
    public record RawMessage(byte[] mime, String envelopeFrom, List<String> envelopeTo, String tag,
            Map<String, String> metadata, String route, String routeId, String fingerprint, String sandboxResult) {
    }

    /** What was accepted, and the rate-limit state for the response headers. */
    public record Outcome(List<Accepted> accepted, RateLimiter.Decision rate, boolean replayed) {
    }

    private final RateLimiter rateLimiter;
    private final IdempotencyStore idempotency;
    private final SendJobPublisher publisher;
    private final MeterRegistry registry;
    private final Duration takeOverAfter;
    private final SendJobs jobs;
    private final ProjectSettingsFence fence;

    public SendService(RateLimiter rateLimiter, IdempotencyStore idempotency, SendJobPublisher publisher,
            MeterRegistry registry, GatewayConfig config, SendJobs jobs, ProjectSettingsFence fence) {
        this.jobs = jobs;
        this.fence = fence;
        this.rateLimiter = rateLimiter;
        this.idempotency = idempotency;
        this.publisher = publisher;
        this.registry = registry;
        this.takeOverAfter = config.idempotency().takeOverAfter();
    }

    /**
     * @param routeIds       the route each message goes out on (null where none is known)
     * @param batch          true for {@code /v1/send/batch} (part of the idempotency fingerprint)
     * @param idempotencyKey null when the client sent none
     */
    public Uni<Outcome> accept(Grant grant, List<EmailContent> contents, List<String> routeIds, boolean batch,
            String idempotencyKey, Instant receivedAt) {
        return accept(grant, contents.size(), () -> fingerprint(contents, batch), idempotencyKey,
                ids -> publish(grant, contents, routeIds, ids, idempotencyKey, receivedAt));
    }

    /**
     * One message received over SMTP (raw MIME): the same rate limit, idempotency and broker ack as the API.
     *
     * @param idempotencyKey the message's {@code Idempotency-Key} header, or null
     */
    public Uni<Outcome> acceptRaw(Grant grant, RawMessage message, String idempotencyKey, Instant receivedAt) {
        return accept(grant, 1, message::fingerprint, idempotencyKey,
                ids -> publishRaw(grant, message, ids.get(0), idempotencyKey, receivedAt));
    }

    /** @param publish publishes the messages under the given message ids (one per message) */
    private Uni<Outcome> accept(Grant grant, int messages, Supplier<String> fingerprint, String idempotencyKey,
            Function<List<String>, Uni<List<Accepted>>> publish) {
        // the project's delivery mode must be known before a message of it is taken for live
        return fence.settled(grant.projectId()).chain(() -> rateLimiter.check(grant, messages)).chain(rate -> {
            if (!rate.allowed()) {
                return Uni.createFrom().failure(new SendRefusedException(SendRefusedException.Kind.RATE_LIMITED,
                        "Too many requests: slow down and retry after the given seconds.", rate));
            }
            List<String> messageIds = new ArrayList<>(messages);
            for (int i = 0; i < messages; i++) {
                messageIds.add(UUID.randomUUID().toString());
            }
            if (idempotencyKey == null) {
                return publish.apply(messageIds).map(accepted -> new Outcome(accepted, rate, false));
            }
            return idempotent(grant, fingerprint.get(), idempotencyKey, messageIds, publish, rate);
        });
    }

    private Uni<Outcome> idempotent(Grant grant, String bodyHash, String idempotencyKey, List<String> messageIds,
            Function<List<String>, Uni<List<Accepted>>> publish, RateLimiter.Decision rate) {
        String key = IdempotencyStore.redisKey(grant.projectId(), idempotencyKey);
        return idempotency.claim(key, bodyHash, messageIds)
                .onFailure().transform(SendService::storeUnavailable)
                .chain(existing -> {
                    if (existing.isEmpty()) {
                        return publishOnce(key, bodyHash, messageIds, publish, rate);
                    }
                    IdempotencyStore.Entry entry = existing.get();
                    if (!takeOverCandidate(entry, bodyHash, messageIds.size())) {
                        return Uni.createFrom().item(replay(entry, bodyHash, rate));
                    }
                    // claimed long ago and never completed: its gateway died (or lost Redis) after or before
                    // its publish; send again under the same message ids, which the workers deliver once
                    return idempotency.takeOver(key, entry)
                            .onFailure().transform(SendService::storeUnavailable)
                            .chain(took -> {
                                if (!took) {
                                    return Uni.createFrom().failure(SendRefusedException.conflict(
                                            "A request with this Idempotency-Key is still in flight."));
                                }
                                registry.counter("mintpost.gateway.idempotent.takeovers").increment();
                                Log.infof("idempotency key in flight since %d ms ago: taken over, the same %d "
                                        + "message id(s) are published again", System.currentTimeMillis()
                                        - entry.claimedAtMillis(), entry.messageIds().size());
                                return publishOnce(key, bodyHash, entry.messageIds(), publish, rate);
                            });
                });
    }

    private boolean takeOverCandidate(IdempotencyStore.Entry entry, String bodyHash, int messages) {
        return entry.inFlight() && bodyHash.equals(entry.bodyHash()) && entry.messageIds().size() == messages
                && System.currentTimeMillis() - entry.claimedAtMillis() > takeOverAfter.toMillis();
    }

    private Uni<Outcome> publishOnce(String key, String bodyHash, List<String> messageIds,
            Function<List<String>, Uni<List<Accepted>>> publish, RateLimiter.Decision rate) {
        return publish.apply(messageIds)
                .onFailure().call(e -> idempotency.abandon(key, bodyHash, messageIds).onFailure().recoverWithNull())
                .call(accepted -> idempotency.complete(key, bodyHash, AcceptedJson.of(accepted))
                        .onFailure().invoke(e -> Log.warnf(
                                "accepted send could not be remembered for its idempotency key: %s", e.toString()))
                        .onFailure().recoverWithNull())
                .map(accepted -> new Outcome(accepted, rate, false));
    }

    private static SendRefusedException storeUnavailable(Throwable e) {
        Log.warnf("idempotency store unavailable: %s", e.toString());
        return SendRefusedException.unavailable("Idempotency keys cannot be checked right now; retry later.");
    }

    private Outcome replay(IdempotencyStore.Entry entry, String bodyHash, RateLimiter.Decision rate) {
        if (entry.inFlight()) {
            throw SendRefusedException.conflict("A request with this Idempotency-Key is still in flight.");
        }
        if (!bodyHash.equals(entry.bodyHash())) {
            throw SendRefusedException.conflict("This Idempotency-Key was used with a different request body.");
        }
        registry.counter("mintpost.gateway.idempotent.replays").increment();
        return new Outcome(AcceptedJson.read(entry.response()), rate, true);
    }

    private Uni<List<Accepted>> publish(Grant grant, List<EmailContent> contents, List<String> routeIds,
            List<String> messageIds, String idempotencyKey, Instant receivedAt) {
        Instant now = Instant.now();
        List<SendJob> out = new ArrayList<>(contents.size());
        List<Accepted> accepted = new ArrayList<>(contents.size());
        for (int i = 0; i < contents.size(); i++) {
            EmailContent content = contents.get(i);
            SendJob job = jobs.api(grant, content, messageIds.get(i), routeIds.get(i), idempotencyKey, receivedAt,
                    now);
            out.add(job);
            boolean scheduled = content.scheduledAt() != null && content.scheduledAt().isAfter(now);
            accepted.add(new Accepted(job.messageId(), scheduled ? STATUS_SCHEDULED : STATUS_PENDING,
                    scheduled ? content.scheduledAt() : null, job.deliveryMode(), job.sandboxResult()));
        }
        return queued(publisher.publishAll(out)).replaceWith(accepted);
    }

    private Uni<List<Accepted>> publishRaw(Grant grant, RawMessage message, String messageId, String idempotencyKey,
            Instant receivedAt) {
        SendJob job = jobs.raw(grant, message, messageId, idempotencyKey, receivedAt);
        return queued(publisher.publish(job)).replaceWith(List.of(new Accepted(messageId, STATUS_PENDING, null,
                job.deliveryMode(), job.sandboxResult())));
    }

    private static Uni<Void> queued(Uni<Void> published) {
        return published
                .onFailure(SendJobPublisher.PublishFailedException.class).transform(e -> {
                    SendJobPublisher.PublishFailedException failed = (SendJobPublisher.PublishFailedException) e;
                    return failed.tooLarge()
                            ? new SendRefusedException(SendRefusedException.Kind.TOO_LARGE,
                                    "The message is larger than the platform can queue.", null)
                            : SendRefusedException.unavailable("The message could not be queued; retry later.");
                });
    }

    /** The canonical form of a request: the normalized content (sorted maps) plus its endpoint. */
    static String fingerprint(List<EmailContent> contents, boolean batch) {
        try {
            String json = EventJson.MAPPER.writeValueAsString(contents);
            return TokenFormat.sha256Hex((batch ? "batch:" : "send:") + json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("content could not be written as JSON", e);
        }
    }

}
