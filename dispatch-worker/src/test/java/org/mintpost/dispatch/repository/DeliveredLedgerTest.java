package org.mintpost.dispatch.repository;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mintpost.dispatch.config.DispatchConfig;
import org.mintpost.testing.ConfigProxy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The ledger against the machine's real Redis: what a claim says for a message attempted, finished, or done elsewhere. */
class DeliveredLedgerTest {

    final DeliveredLedger ledger = new DeliveredLedger(config(), new SimpleMeterRegistry());
    final DeliveredLedger otherWorker = new DeliveredLedger(config(), new SimpleMeterRegistry());

    @AfterEach
    void close() {
        ledger.close();
        otherWorker.close();
    }

    @Test
    void aMessageIsClaimedOnceWhileItIsAttemptedAndNeverOnceItIsFinished() {
        String id = UUID.randomUUID().toString();
        assertTrue(ledger.claim(id));
        assertFalse(ledger.claim(id), "a second copy while the first is attempted");
        ledger.markDone(id);
        ledger.end(id);
        assertFalse(ledger.claim(id), "a copy handed out after the first was finished");
        assertFalse(otherWorker.claim(id), "another worker sees it finished through Redis");
    }

    @Test
    void aFailedAttemptLeavesTheMessageToItsRetry() {
        String id = UUID.randomUUID().toString();
        assertTrue(ledger.claim(id));
        ledger.end(id); // a soft bounce: not finished
        assertTrue(ledger.claim(id), "the retry is attempted");
        ledger.end(id);
    }

    @Test
    void aClaimRefusedBecauseTheMessageIsDoneLeavesNoMarkBehind() {
        String id = UUID.randomUUID().toString();
        assertTrue(otherWorker.claim(id));
        otherWorker.markDone(id);
        otherWorker.end(id);
        assertFalse(ledger.claim(id));
        assertFalse(ledger.claim(id), "still refused as done, and the refused claim did not leave it marked attempted");
    }

    static DispatchConfig config() {
        DispatchConfig.Ledger ledger = ConfigProxy.of(DispatchConfig.Ledger.class, name -> switch (name) {
            case "enabled" -> true;
            case "ttl" -> Duration.ofMinutes(5);
            case "timeout" -> Duration.ofSeconds(2);
            case "redisHosts" -> URI.create("redis://127.0.0.1:6379");
            case "redisPassword" -> Optional.empty();
            default -> throw new UnsupportedOperationException(name);
        });
        return ConfigProxy.of(DispatchConfig.class, name -> switch (name) {
            case "ledger" -> ledger;
            case "maxInFlight" -> 4;
            case "duplicateCacheSize" -> 1000;
            default -> throw new UnsupportedOperationException(name);
        });
    }
}
