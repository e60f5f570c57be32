package org.mintpost.dispatch.direct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.bounce.ReturnPath;
import org.mintpost.dispatch.client.SmtpResult;
import org.mintpost.dispatch.client.SmtpResult.Kind;

/**
 * Direct delivery against a real DNS server and real SMTP servers, one per recipient domain, on loopback addresses
 * of their own (DirectFixture): grouping, MX order and fallback, back-off per destination, the MX rollup, limits,
 * and every bad destination ending in a clean outcome.
 */
class DirectTransportTest {

    private static DirectFixture net;

    @BeforeAll
    static void start() throws Exception {
        net = new DirectFixture();
    }

    @AfterAll
    static void stop() throws Exception {
        net.close();
    }

    @Test
    void recipientsAtThreeDomainsGoInThreeTransactions() throws Exception {
        MxServer one = net.domain("one.test");
        MxServer two = net.domain("two.test");
        MxServer three = net.domain("three.test");
        DirectTransport direct = net.transport(Map.of());
        Mails mail = Mails.to(List.of("a@one.test", "b@two.test", "c@one.test", "d@three.test"));

        SmtpResult result = direct.send(mail.job(), mail.message(), mail.returnPath(), mail.recipients());

        assertEquals(Kind.ACCEPTED, result.kind(), result.toString());
        assertTrue(result.refused().isEmpty(), result.toString());
        assertEquals(List.of("a@one.test", "c@one.test"), one.received().get(0).recipients());
        assertEquals(List.of("b@two.test"), two.received().get(0).recipients());
        assertEquals(List.of("d@three.test"), three.received().get(0).recipients());
        for (MxServer s : List.of(one, two, three)) {
            assertEquals(1, s.received().size());
            MxServer.Received r = s.received().get(0);
            assertEquals("mta.mintpost.test", r.helo());
            // MAIL FROM is the message's own return path, and the bounce handler reads it back
            ReturnPath.Parts parts = ReturnPath.parse(r.mailFrom(), Mails.BOUNCES).orElseThrow();
            assertEquals(mail.job().messageId(), parts.messageId());
            assertEquals(mail.job().projectId(), parts.projectId());
            assertTrue(r.data().contains("Hello there"));
        }
        direct.close();
    }

    @Test
    void mxHostsAreTriedInPreferenceOrderAndADomainWithoutMxIsItsOwnHost() throws Exception {
        String dead = net.deadAddress();
        net.zone().mx("backup.test", 10, "mx1.backup.test").a("mx1.backup.test", dead);
        net.zone().mx("backup.test", 20, "mx2.backup.test");
        MxServer second = net.mx("mx2.backup.test", null);
        MxServer bare = net.mx("bare.test", null);
        DirectTransport direct = net.transport(Map.of());

        Mails mail = Mails.to(List.of("x@backup.test", "y@bare.test"));
        SmtpResult result = direct.send(mail.job(), mail.message(), mail.returnPath(), mail.recipients());

        assertEquals(Kind.ACCEPTED, result.kind(), result.toString());
        assertEquals(List.of("x@backup.test"), second.received().get(0).recipients());
        assertEquals(List.of("y@bare.test"), bare.received().get(0).recipients());
        direct.close();
    }

    @Test
    void aDomainWithoutRouteBouncesForGoodAndIsNotAskedAgainAndAgain() throws Exception {
        net.zone().txt("nomail.test", "v=spf1 -all");
        net.zone().mx("private.test", 10, "mx.private.test").a("mx.private.test", "10.1.2.3");
        net.zone().mx("loopback.test", 10, "mx.loopback.test").a("mx.loopback.test", "127.0.0.1");
        net.zone().mx("nullmx.test", 0, ".");
        DirectTransport direct = net.transport(Map.of());

        for (String domain : List.of("missing.test", "nomail.test", "private.test", "loopback.test", "nullmx.test")) {
            Mails mail = Mails.to(List.of("u@" + domain));
            SmtpResult r = direct.send(mail.job(), mail.message(), mail.returnPath(), mail.recipients());
            assertEquals(Kind.PERMANENT, r.kind(), domain + ": " + r);
            assertNull(r.code());
            assertTrue(r.response().startsWith("no route to host"), r.response());
        }
        int asked = net.zone().queries("missing.test");
        for (int i = 0; i < 5; i++) {
            Mails mail = Mails.to(List.of("u@missing.test"));
            direct.send(mail.job(), mail.message(), mail.returnPath(), mail.recipients());
        }
        assertEquals(asked, net.zone().queries("missing.test"), "the no-route answer is kept, not asked again");
        direct.close();
    }

    @Test
    void oneDomainAccepts4xxAndAnotherRefusesForGoodEachRecipientWithItsOwnReply() throws Exception {
        MxServer takes = net.domain("takes.test");
        MxServer later = net.domain("later.test");
        later.mailReply = "451 4.3.0 Try again later";
        MxServer never = net.domain("never.test");
        never.mailReply = "550 5.7.1 Not from you";
        DirectTransport direct = net.transport(Map.of());
        Mails mail = Mails.to(List.of("a@takes.test", "b@later.test", "c@never.test", "d@later.test"));

        SmtpResult result = direct.send(mail.job(), mail.message(), mail.returnPath(), mail.recipients());

        // the message went out (to takes.test): accepted; the others are each told their own destination's reply
        assertEquals(Kind.ACCEPTED, result.kind(), result.toString());
        assertEquals(java.util.Set.of("b@later.test", "d@later.test", "c@never.test"), result.refused().keySet());
        for (String r : List.of("b@later.test", "d@later.test")) {
            assertEquals(Kind.TRANSIENT, result.refused().get(r).kind(), result.toString());
            assertEquals(451, result.refused().get(r).code());
            assertTrue(result.refused().get(r).response().contains("Try again later"), result.toString());
        }
        assertEquals(Kind.PERMANENT, result.refused().get("c@never.test").kind());
        assertEquals(550, result.refused().get("c@never.test").code());
        assertEquals(List.of("a@takes.test"), takes.received().get(0).recipients());
        assertTrue(later.received().isEmpty() && never.received().isEmpty());
        direct.close();
    }

    @Test
    void anMxHostWithOnlyAnIpv6AddressIsReachedOverIt() throws Exception {
        // the loopback's ::1 stands for a public IPv6 MX host: allowed like the test's IPv4 ones
        try (MxServer v6 = new MxServer("::1", net.port, null)) {
            net.zone().mx("six.test", 10, "mx.six.test").aaaa("mx.six.test", "::1");
            DirectTransport allowed = net.transport(Map.of("mintpost.delivery.allowed-networks",
                    DirectFixture.ALLOWED + ",::1/128"));
            Mails mail = Mails.to(List.of("v@six.test"));
            SmtpResult result = allowed.send(mail.job(), mail.message(), mail.returnPath(), mail.recipients());
            assertEquals(Kind.ACCEPTED, result.kind(), result.toString());
            assertEquals(List.of("v@six.test"), v6.received().get(0).recipients());
            allowed.close();

            // and an IPv6 loopback MX is refused as an internal address unless allowed
            DirectTransport strict = net.transport(Map.of());
            Mails again = Mails.to(List.of("w@six.test"));
            SmtpResult refused = strict.send(again.job(), again.message(), again.returnPath(), again.recipients());
            assertEquals(Kind.PERMANENT, refused.kind(), refused.toString());
            assertTrue(refused.response().startsWith("no route to host"), refused.response());
            assertEquals(1, v6.received().size());
            strict.close();
        }
    }

    @Test
    void aDestinationAnswering421IsBackedOffWhileTheOthersFlow() throws Exception {
        MxServer busy = net.domain("busy.test");
        busy.mailReply = "421 4.7.0 Too many messages, slow down";
        MxServer fine = net.domain("fine.test");
        DirectTransport direct = net.transport(Map.of());
        ExecutorService senders = Executors.newFixedThreadPool(4);
        List<Future<SmtpResult>> busyResults = new ArrayList<>();
        List<Future<SmtpResult>> fineResults = new ArrayList<>();
        long started = System.nanoTime();
        // the first to the busy one is refused; the rest meet the back-off, not the server
        Mails first = Mails.to(List.of("a@busy.test"));
        SmtpResult refused = direct.send(first.job(), first.message(), first.returnPath(), first.recipients());
        assertEquals(Kind.TRANSIENT, refused.kind());
        assertEquals(421, refused.code());
        for (int i = 0; i < 20; i++) {
            Mails b = Mails.to(List.of("b" + i + "@busy.test"));
            Mails f = Mails.to(List.of("f" + i + "@fine.test"));
            busyResults.add(senders.submit(() -> direct.send(b.job(), b.message(), b.returnPath(), b.recipients())));
            fineResults.add(senders.submit(() -> direct.send(f.job(), f.message(), f.returnPath(), f.recipients())));
        }
        for (Future<SmtpResult> f : fineResults) {
            assertEquals(Kind.ACCEPTED, f.get().kind(), f.get().toString());
        }
        for (Future<SmtpResult> b : busyResults) {
            assertEquals(Kind.TRANSIENT, b.get().kind());
            assertTrue(b.get().response().contains("backed off"), b.get().response());
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        senders.shutdown();
        assertEquals(20, fine.received().size());
        assertEquals(1, busy.connections(), "no new connection to a destination while it is backed off");
        assertTrue(millis < 10_000, "the busy destination held nothing up: " + millis + " ms");
        direct.close();
    }

    @Test
    void domainsSharingMxHostsShareOneDestination() throws Exception {
        MxServer shared = net.mx("mx.shared-provider.test", null);
        net.zone().mx("alpha.test", 10, "mx.shared-provider.test").mx("beta.test", 10, "mx.shared-provider.test");
        shared.mailReply = "421 4.7.0 Slow down";
        DirectTransport direct = net.transport(Map.of());
        Mails a = Mails.to(List.of("u@alpha.test"));
        assertEquals(421, direct.send(a.job(), a.message(), a.returnPath(), a.recipients()).code());
        shared.mailReply = "250 2.1.0 Ok";
        Mails b = Mails.to(List.of("u@beta.test"));
        SmtpResult r = direct.send(b.job(), b.message(), b.returnPath(), b.recipients());
        assertEquals(Kind.TRANSIENT, r.kind());
        assertTrue(r.response().contains("backed off"), r.response());
        direct.close();
    }

    @Test
    void limitsPerDestinationConnectionsAreReusedUpToTheirMessageCount() throws Exception {
        MxServer limited = net.domain("limited.test");
        DirectTransport direct = net.transport(Map.of(
                "mintpost.delivery.destination.\"limited.test\".messages-per-connection", "2",
                "mintpost.delivery.destination.\"limited.test\".messages-per-minute", "4",
                "mintpost.delivery.destination.\"limited.test\".max-wait", "100ms"));
        List<Kind> kinds = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Mails m = Mails.to(List.of("u" + i + "@limited.test"));
            kinds.add(direct.send(m.job(), m.message(), m.returnPath(), m.recipients()).kind());
        }
        assertEquals(List.of(Kind.ACCEPTED, Kind.ACCEPTED, Kind.ACCEPTED, Kind.ACCEPTED, Kind.TRANSIENT), kinds);
        assertEquals(4, limited.received().size());
        assertEquals(2, limited.connections(), "two messages per connection");
        direct.close();
    }

    @Test
    void aTarpitA554GreetingAndADropAfterDataAreCleanSoftOutcomes() throws Exception {
        MxServer tarpit = net.domain("tarpit.test");
        tarpit.greeting = null;
        MxServer refusing = net.domain("refusing.test");
        refusing.greeting = "554 5.7.1 No SMTP service here";
        MxServer dropping = net.domain("dropping.test");
        dropping.dropAfterData = true;
        DirectTransport direct = net.transport(Map.of());
        long started = System.nanoTime();
        Map<String, SmtpResult> results = new java.util.LinkedHashMap<>();
        for (String domain : List.of("tarpit.test", "refusing.test", "dropping.test")) {
            Mails m = Mails.to(List.of("u@" + domain));
            results.put(domain, direct.send(m.job(), m.message(), m.returnPath(), m.recipients()));
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        results.forEach((d, r) -> assertEquals(Kind.TRANSIENT, r.kind(), d + ": " + r));
        assertEquals(554, results.get("refusing.test").code());
        assertTrue(millis < 8_000, "bounded by the step timeout: " + millis + " ms");
        direct.close();
    }
}
