package org.mintpost.dispatch.direct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mintpost.dispatch.client.SmtpResult;
import org.mintpost.dispatch.client.SmtpResult.Kind;

/** The pure parts of direct delivery: which addresses may be delivered to, MTA-STS policies, merged outcomes. */
class DirectPartsTest {

    @Test
    void internalAddressesAreRefusedUnlessAllowed() throws Exception {
        AddressPolicy none = new AddressPolicy(List.of());
        for (String internal : List.of("127.0.0.1", "10.0.0.5", "172.20.1.1", "192.168.1.1", "169.254.1.1",
                "100.64.0.1", "0.0.0.0", "::1", "fd00::1", "fe80::1")) {
            assertFalse(none.permits(InetAddress.getByName(internal)), internal);
        }
        assertTrue(none.permits(InetAddress.getByName("203.0.113.7")));
        assertTrue(none.permits(InetAddress.getByName("2001:db8::25")));
        AddressPolicy some = new AddressPolicy(List.of("127.0.0.16/28", "10.9.0.0/16"));
        assertTrue(some.permits(InetAddress.getByName("127.0.0.20")));
        assertTrue(some.permits(InetAddress.getByName("10.9.3.4")));
        assertFalse(some.permits(InetAddress.getByName("127.0.0.1")));
        assertFalse(some.permits(InetAddress.getByName("10.8.3.4")));
    }

    @Test
    void mtaStsPoliciesAreParsedAndMatchMxHostsAsRfc8461Says() {
        MtaStsPolicy p = MtaStsPolicy.parse("1", "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\n"
                + "mx: *.example.net\r\nmax_age: 604800\r\n");
        assertTrue(p.enforced());
        assertTrue(p.allows("mail.example.com"));
        assertTrue(p.allows("MX1.example.net"));
        assertFalse(p.allows("a.b.example.net"), "a wildcard covers one label");
        assertFalse(p.allows("example.net"));
        assertNull(MtaStsPolicy.parse("1", "version: STSv2\nmode: enforce\nmx: a\nmax_age: 1\n"));
        assertNull(MtaStsPolicy.parse("1", "version: STSv1\nmode: enforce\nmax_age: 1\n"), "enforce needs an mx");
        assertEquals("abc", MtaStsPolicies.id(List.of("v=STSv1; id=abc")));
        assertNull(MtaStsPolicies.id(List.of("v=STSv1; id=a", "v=STSv1; id=b")), "two records: none");
    }

    @Test
    void outcomesOfSeveralDestinationsMergeIntoOnePerRecipient() {
        Map<String, List<String>> byDomain = new LinkedHashMap<>();
        byDomain.put("a.test", List.of("x@a.test"));
        byDomain.put("b.test", List.of("y@b.test"));
        byDomain.put("c.test", List.of("z@c.test"));
        Map<String, SmtpResult> results = new LinkedHashMap<>();
        results.put("a.test", SmtpResult.accepted(250, "250 ok"));
        results.put("b.test", SmtpResult.failure(550, "550 no such user"));
        results.put("c.test", SmtpResult.failure(451, "451 later"));
        SmtpResult merged = ResultMerge.merge(byDomain, results);
        assertEquals(Kind.ACCEPTED, merged.kind());
        assertEquals(Kind.PERMANENT, merged.refused().get("y@b.test").kind());
        assertEquals(Kind.TRANSIENT, merged.refused().get("z@c.test").kind());
        assertFalse(merged.refused().containsKey("x@a.test"));

        results.put("a.test", SmtpResult.failure(421, "421 busy"));
        SmtpResult none = ResultMerge.merge(byDomain, results);
        assertEquals(Kind.TRANSIENT, none.kind());
        assertEquals(Map.of("y@b.test", results.get("b.test")), none.refusedForGood());
    }
}
