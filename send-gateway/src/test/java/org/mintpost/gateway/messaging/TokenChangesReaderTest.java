package org.mintpost.gateway.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.contracts.token.TokenFormat;
import org.mintpost.gateway.service.TokenMap;
import org.mintpost.gateway.service.UnknownTokenCache;
import org.mintpost.gateway.support.TestTokens;
import org.mintpost.testing.KafkaBroker;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Readiness after a restart with a full token topic, and revocation seen by two independent readers
 * (two gateway instances' token maps), against the real broker.
 */
class TokenChangesReaderTest {

    private static final int TOKENS = 5_000;

    private static TokenChangesReader reader(TokenMap map) {
        return new TokenChangesReader(map, new UnknownTokenCache(5_000, 1_000), KafkaBroker.shared().bootstrapServers(),
                Duration.ofMillis(20), Duration.ofMillis(10), new SimpleMeterRegistry());
    }

    @Test
    void aRestartedReaderIsReadyOnlyWithTheWholeTopicInItsMap() throws Exception {
        KafkaProducer<String, TokenChanged> producer = TestTokens.producer();
        List<TestTokens.Issued> issued = new ArrayList<>();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (int i = 0; i < TOKENS; i++) {
            String token = TokenFormat.newProjectToken();
            TokenChanged state = TestTokens.projectState(token, "prj-bulk", List.of(), null);
            issued.add(new TestTokens.Issued(token, state));
            acks.add(producer.send(new ProducerRecord<>(Topics.TOKEN_CHANGES, state.tokenId(), state)));
        }
        TestTokens.Issued last = TestTokens.revoke(issued.get(TOKENS - 1));
        for (Future<RecordMetadata> ack : acks) {
            ack.get();
        }

        TokenMap map = new TokenMap();
        TokenChangesReader reader = reader(map);
        long started = System.nanoTime();
        reader.start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                    .until(reader::isCaughtUp);
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            // the moment it says ready, everything published before the start is in the map
            for (TestTokens.Issued one : issued.subList(0, TOKENS - 1)) {
                assertEquals(TokenMap.State.VALID, map.find(one.state().tokenHash(), Instant.now()).state());
            }
            assertEquals("revoked", map.find(last.state().tokenHash(), Instant.now()).grant().status());
            assertTrue(map.size() >= TOKENS);
            System.out.printf("token map caught up with %d tokens in %d ms%n", map.size(), millis);
        } finally {
            reader.stop();
        }
    }

    @Test
    void twoInstancesBothRefuseARevokedTokenWithinAFewMilliseconds() {
        TokenMap first = new TokenMap();
        TokenMap second = new TokenMap();
        TokenChangesReader a = reader(first);
        TokenChangesReader b = reader(second);
        a.start();
        b.start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> a.isCaughtUp() && b.isCaughtUp());
            int rounds = 50;
            long[] lags = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                TestTokens.Issued token = TestTokens.project();
                String hash = token.state().tokenHash();
                Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1)).until(() ->
                        first.find(hash, Instant.now()).state() == TokenMap.State.VALID
                                && second.find(hash, Instant.now()).state() == TokenMap.State.VALID);
                TestTokens.revoke(token);
                long acked = System.nanoTime();
                while (!(revoked(first, hash) && revoked(second, hash))) {
                    assertTrue(System.nanoTime() - acked < Duration.ofSeconds(2).toNanos(), "revocation not seen");
                    LockSupport.parkNanos(100_000);
                }
                lags[i] = System.nanoTime() - acked;
            }
            Arrays.sort(lags);
            long p50 = lags[rounds / 2] / 1_000;
            long p99 = lags[(int) Math.ceil(rounds * 0.99) - 1] / 1_000;
            System.out.printf("revocation seen by both token maps after the broker ack: p50 %d us, p99 %d us%n",
                    p50, p99);
            assertTrue(p99 < 100_000, "p99 " + p99 + " us is over the 100 ms bound");
        } finally {
            a.stop();
            b.stop();
        }
    }

    private static boolean revoked(TokenMap map, String hash) {
        TokenMap.Match match = map.find(hash, Instant.now());
        return match.grant() != null && TokenChanged.STATUS_REVOKED.equals(match.grant().status());
    }
}
