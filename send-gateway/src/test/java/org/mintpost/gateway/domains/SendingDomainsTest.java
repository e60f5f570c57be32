package org.mintpost.gateway.domains;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.event.DomainChanged;

class SendingDomainsTest {

    @Test
    void theHighestRevisionWinsAndADeletedOrTombstonedDomainIsGone() {
        SendingDomains domains = new SendingDomains();
        domains.apply(state("d1", "Example.COM", DomainChanged.STATUS_VERIFIED, 5));
        domains.apply(state("d1", "example.com", DomainChanged.STATUS_PENDING, 4));
        assertTrue(domains.find("example.com").verifiedFor("p1"), "an older revision changes nothing");
        domains.apply(state("d1", "example.com", DomainChanged.STATUS_DELETED, 6));
        assertNull(domains.find("example.com"));
        domains.apply(state("d2", "example.com", DomainChanged.STATUS_PENDING, 1));
        assertEquals("d2", domains.find("example.com").domainId(), "a name added again after deletion");
        domains.remove("d2");
        assertNull(domains.find("example.com"));
        assertEquals(0, domains.size());
    }

    private static DomainChanged state(String id, String domain, String status, long revision) {
        return new DomainChanged("e", Instant.now(), 1, "updated", id, "t1", domain, status, List.of("p1"), "mp1",
                List.of(), revision, "system");
    }
}
