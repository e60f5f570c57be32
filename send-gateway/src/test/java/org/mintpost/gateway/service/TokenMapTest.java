package org.mintpost.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.event.TokenChanged;

class TokenMapTest {

    private static TokenChanged state(String id, String hash, String previous, Instant until, String status,
            long revision) {
        return new TokenChanged("e" + revision, Instant.now(), 1, "updated", id, "project", "team", "prj", "n", hash,
                previous, until, status, List.of(), null, List.of(), true, revision, "system");
    }

    @Test
    void highestRevisionWinsWhateverTheOrder() {
        TokenMap map = new TokenMap();
        assertTrue(map.apply(state("t1", "h2", null, null, "revoked", 2)));
        assertFalse(map.apply(state("t1", "h1", null, null, "active", 1)), "an older state is ignored");
        assertEquals("revoked", map.find("h2", Instant.now()).grant().status());
        assertEquals(TokenMap.State.MISS, map.find("h1", Instant.now()).state());
    }

    @Test
    void regeneratedAwayHashIsDeadAfterItsGrace() {
        TokenMap map = new TokenMap();
        Instant now = Instant.now();
        map.apply(state("t1", "old", null, null, "active", 1));
        map.apply(state("t1", "new", "old", now.plusSeconds(10), "active", 2));
        assertEquals(TokenMap.State.VALID, map.find("old", now).state());
        assertEquals(TokenMap.State.DEAD, map.find("old", now.plusSeconds(11)).state());
        map.apply(state("t1", "newer", null, null, "active", 3));
        assertEquals(TokenMap.State.DEAD, map.find("old", now).state());
        assertEquals(TokenMap.State.DEAD, map.find("new", now).state());
        assertEquals(TokenMap.State.VALID, map.find("newer", now).state());
    }

    @Test
    void tombstoneForgetsTheToken() {
        TokenMap map = new TokenMap();
        map.apply(state("t1", "h", null, null, "active", 1));
        map.remove("t1");
        assertEquals(TokenMap.State.MISS, map.find("h", Instant.now()).state());
        assertEquals(0, map.size());
    }

    @Test
    void cidrsMatchIpv4Ipv6AndMappedAddressesButNeverHostNames() {
        List<Cidr> blocks = Cidr.parseAll(List.of("10.0.0.0/8", "2001:db8::/32", "192.168.1.7", "garbage", "1.2.3.4/33"));
        assertEquals(3, blocks.size());
        assertTrue(Cidr.anyContains(blocks, "10.200.3.4"));
        assertTrue(Cidr.anyContains(blocks, "::ffff:10.1.1.1"));
        assertTrue(Cidr.anyContains(blocks, "2001:db8:1::5"));
        assertTrue(Cidr.anyContains(blocks, "192.168.1.7"));
        assertFalse(Cidr.anyContains(blocks, "192.168.1.8"));
        assertFalse(Cidr.anyContains(blocks, "11.0.0.1"));
        assertFalse(Cidr.anyContains(blocks, "localhost"));
        assertFalse(Cidr.anyContains(blocks, "example.com"));
    }

    @Test
    void forwardedForIsBelievedOnlyFromTrustedProxies() {
        ClientIpResolver none = new ClientIpResolver(List.of());
        assertEquals("127.0.0.1", none.resolve("127.0.0.1", "6.6.6.6"));
        ClientIpResolver trusted = new ClientIpResolver(List.of("10.0.0.0/8"));
        assertEquals("6.6.6.6", trusted.resolve("10.0.0.5", "6.6.6.6"));
        assertEquals("7.7.7.7", trusted.resolve("10.0.0.5", "6.6.6.6, 7.7.7.7, 10.0.0.9"));
        assertEquals("8.8.8.8", trusted.resolve("8.8.8.8", "6.6.6.6"), "an untrusted socket is what counts");
        assertEquals("10.0.0.5", trusted.resolve("10.0.0.5", "not-an-ip"));
    }
}
