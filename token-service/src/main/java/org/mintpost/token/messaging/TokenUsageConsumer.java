package org.mintpost.token.messaging;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.mintpost.contracts.event.TokenUsed;

/**
 * Consumes {@code token-usage} (group {@code token-service}, auto-commit off) and hands accepted uses
 * of known tokens to the {@link LastUsedRecorder}. Refused uses and unreadable records change nothing.
 */
@ApplicationScoped
public class TokenUsageConsumer {

    private static final int MAX_IP_LENGTH = 64;

    private final LastUsedRecorder recorder;

    public TokenUsageConsumer(LastUsedRecorder recorder) {
        this.recorder = recorder;
    }

    @Incoming("token-usage")
    public CompletionStage<Void> consume(Message<TokenUsed> message) {
        TokenUsed use = message.getPayload();
        UUID tokenId = use == null ? null : parse(use.tokenId());
        if (tokenId == null || !TokenUsed.OUTCOME_ACCEPTED.equals(use.outcome())) {
            recorder.acknowledgeLater(message);
        } else {
            Instant at = use.occurredAt() == null ? Instant.now() : use.occurredAt();
            String ip = use.ip() == null || use.ip().length() > MAX_IP_LENGTH ? null : use.ip();
            recorder.countMessages(parse(use.teamId()), at, use.messageIds() == null ? 0 : use.messageIds().size());
            recorder.record(tokenId, at, ip, message);
        }
        // processing is done; the acknowledgement follows the flush that stores it
        return CompletableFuture.completedFuture(null);
    }

    private static UUID parse(String id) {
        if (id == null) {
            return null;
        }
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
