package org.mintpost.token.domains.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The reserve of key pairs: filled ahead, handed out first, topped up after each take, never a shared pair. */
class ReadyKeyPairsTest {

    @Test
    void pairsMadeAheadAreHandedOutOnceEachAndMadeAgain() {
        List<KeyPair> made = new ArrayList<>();
        try (ReadyKeyPairs ready = new ReadyKeyPairs(2, () -> {
            KeyPair pair = DkimKeyFactory.generate();
            synchronized (made) {
                made.add(pair);
            }
            return pair;
        })) {
            ready.fill();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ready.size() == 2);
            KeyPair first = ready.take();
            KeyPair second = ready.take();
            synchronized (made) {
                assertSame(made.get(0), first, "the oldest pair made ahead comes first");
                assertSame(made.get(1), second);
            }
            assertNotSame(first, second);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ready.size() == 2);
            synchronized (made) {
                assertEquals(4, made.size(), "each pair taken is made again, no more");
            }
        }
    }

    @Test
    void withNothingReadyTheCallerMakesItsOwn() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        KeyPair own = DkimKeyFactory.generate();
        Thread caller = Thread.currentThread();
        try (ReadyKeyPairs ready = new ReadyKeyPairs(1, () -> {
            if (Thread.currentThread() != caller) {
                try {
                    release.await(20, TimeUnit.SECONDS); // the background maker is slow
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return own;
        })) {
            assertSame(own, ready.take(), "made on the caller's thread while the reserve is empty");
            release.countDown();
        }
    }
}
