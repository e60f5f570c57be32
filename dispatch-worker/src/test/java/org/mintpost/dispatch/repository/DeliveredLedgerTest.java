package org.mintpost.dispatch.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    final LedgerStore store = new LedgerStore(config(), new SimpleMeterRegistry());
    final LedgerStore otherStore = new LedgerStore(config(), new SimpleMeterRegistry());
    final DeliveredLedger ledger = new DeliveredLedger(config(), store, new SimpleMeterRegistry());
    final DeliveredLedger otherWorker = new DeliveredLedger(config(), otherStore, new SimpleMeterRegistry());

    @AfterEach
    void close() {
        store.close();
        otherStore.close();
    }

    static final Finished DELIVERED = new Finished("delivered", 250, "250 2.0.0 Ok: queued as X", 2,
            1_800_000_000_000L, "Hello");

    @Test
    void aMessageIsClaimedOnceWhileItIsAttemptedAndNeverOnceItIsFinished() {
        String id = UUID.randomUUID().toString();
        assertTrue(ledger.claim(id).granted());
        assertFalse(ledger.claim(id).granted(), "a second copy while the first is attempted");
        assertFalse(ledger.claim(id).isFinished());
        ledger.finished(id, DELIVERED);
        ledger.end(id);
        assertEquals(DELIVERED, ledger.claim(id).finished(), "a copy handed out after the first was finished");
        assertEquals(DELIVERED, otherWorker.claim(id).finished(), "another worker sees it finished, and how");
    }

    @Test
    void anEntryWrittenBeforeOutcomesWereKeptSaysFinishedWithoutAnOutcome() throws Exception {
        String id = UUID.randomUUID().toString();
        try (redis.clients.jedis.Jedis jedis = new redis.clients.jedis.Jedis("127.0.0.1", 6379)) {
            jedis.setex(DeliveredLedger.PREFIX + id, 300, "1");
        }
        DeliveredLedger.Claim claim = ledger.claim(id);
        assertFalse(claim.granted());
        assertEquals(null, claim.finished());
    }

    @Test
    void aFailedAttemptLeavesTheMessageToItsRetry() {
        String id = UUID.randomUUID().toString();
        assertTrue(ledger.claim(id).granted());
        ledger.end(id); // a soft bounce: not finished
        assertTrue(ledger.claim(id).granted(), "the retry is attempted");
        ledger.end(id);
    }

    @Test
    void aClaimRefusedBecauseTheMessageIsDoneLeavesNoMarkBehind() {
        String id = UUID.randomUUID().toString();
        assertTrue(otherWorker.claim(id).granted());
        otherWorker.finished(id, DELIVERED);
        otherWorker.end(id);
        assertTrue(ledger.claim(id).isFinished());
        assertTrue(ledger.claim(id).isFinished(),
                "still refused as done, and the refused claim did not leave it marked attempted");
    }

    static DispatchConfig config() {
        DispatchConfig.Ledger ledger = ConfigProxy.of(DispatchConfig.Ledger.class, name -> switch (name) {
            case "enabled" -> true;
            case "ttl" -> Duration.ofMinutes(5);
            case "timeout" -> Duration.ofSeconds(2);
            case "breakerDelay" -> Duration.ofSeconds(5);
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
