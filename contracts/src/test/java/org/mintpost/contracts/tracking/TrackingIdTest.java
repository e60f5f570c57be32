package org.mintpost.contracts.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Signed tracking ids: what verifies and what never does. */
class TrackingIdTest {

    static final byte[] KEY = TrackingId.key("unit-test-key-0123456789abcdef0123456789");

    @Test
    void aSignedIdVerifiesWithItsKeyAndKindOnly() {
        TrackingId id = new TrackingId(TrackingId.CLICK, "m-1", "t", null, "r", "a@example.org",
                Instant.ofEpochSecond(1_800_000_000L), "https://example.com/?a=1&b=ü");
        String signed = id.sign(KEY);
        assertTrue(signed.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"), signed);
        assertEquals(id, TrackingId.verify(signed, TrackingId.CLICK, KEY).orElseThrow());
        assertTrue(TrackingId.verify(signed, TrackingId.OPEN, KEY).isEmpty(), "another kind");
        assertTrue(TrackingId.verify(signed, TrackingId.CLICK, TrackingId.key("other-key-0123456789abcdef012345"))
                .isEmpty(), "another key");
        for (int cut = 1; cut < signed.length(); cut += 7) {
            assertTrue(TrackingId.verify(signed.substring(0, cut), TrackingId.CLICK, KEY).isEmpty(), "cut " + cut);
        }
        for (int i = 0; i < signed.length(); i++) {
            char c = signed.charAt(i);
            String changed = signed.substring(0, i) + (c == 'A' ? 'B' : 'A') + signed.substring(i + 1);
            assertTrue(TrackingId.verify(changed, TrackingId.CLICK, KEY).isEmpty(), "changed at " + i);
        }
        assertTrue(TrackingId.verify(null, TrackingId.CLICK, KEY).isEmpty());
        assertTrue(TrackingId.verify("a.b.c", TrackingId.CLICK, KEY).isEmpty());
    }
}
