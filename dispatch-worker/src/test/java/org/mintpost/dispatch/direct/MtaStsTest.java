package org.mintpost.dispatch.direct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mintpost.dispatch.client.SmtpResult;
import org.mintpost.dispatch.client.SmtpResult.Kind;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * TLS of direct delivery: opportunistic STARTTLS takes any certificate; an MTA-STS {@code enforce} policy (TXT record
 * in the test's DNS server, policy from a real HTTPS server), the message's {@code tls: enforced} setting or the
 * route's ({@code SendJob.tls}, which the edge copies from the route) requires
 * a certificate that the trust store verifies for the MX host's name, and refuses to deliver otherwise; a policy
 * is fetched once and again only when its id changes.
 */
class MtaStsTest {

    private static DirectFixture net;
    private static HttpsServer policies;
    private static final Map<String, String> POLICY = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> FETCHES = new ConcurrentHashMap<>();
    private static DirectTransport direct;
    private static SSLContext bad;
    private static SSLContext good;
    private static SSLContext routeCert;

    @BeforeAll
    static void start() throws Exception {
        net = new DirectFixture();
        TestCerts certs = new TestCerts();
        Path policyKeys = certs.keyStore("policy", "localhost");
        good = TestCerts.serverContext(certs.keyStore("good", "mx.good-sts.test"));
        bad = TestCerts.serverContext(certs.keyStore("bad", "mx.somewhere-else.test"));
        routeCert = TestCerts.serverContext(certs.keyStore("route", "mx.tls-route.test"));
        Path trust = certs.trustStore("policy", "good", "route");
        policies = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        policies.setHttpsConfigurator(new HttpsConfigurator(TestCerts.serverContext(policyKeys)));
        policies.createContext("/", exchange -> {
            String domain = exchange.getRequestURI().getPath().split("/")[1];
            String body = POLICY.get(domain);
            FETCHES.computeIfAbsent(domain, d -> new AtomicInteger()).incrementAndGet();
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        policies.start();
        direct = net.transport(Map.of(
                "mintpost.delivery.mta-sts.policy-url",
                "https://localhost:" + policies.getAddress().getPort() + "/%s/.well-known/mta-sts.txt",
                "mintpost.delivery.trust-store", trust.toString(),
                "mintpost.delivery.trust-store-password", TestCerts.PASSWORD));
    }

    @AfterAll
    static void stop() throws Exception {
        direct.close();
        policies.stop(0);
        net.close();
    }

    private static MxServer stsDomain(String domain, String mxHost, SSLContext cert, String mode, String mxPattern)
            throws Exception {
        net.zone().mx(domain, 10, mxHost);
        net.zone().txt("_mta-sts." + domain, "v=STSv1; id=20261207");
        POLICY.put(domain, "version: STSv1\r\nmode: " + mode + "\r\nmx: " + mxPattern + "\r\nmax_age: 86400\r\n");
        return net.mx(mxHost, cert);
    }

    private static SmtpResult send(String recipient, String tls) throws Exception {
        Mails m = Mails.to(List.of(recipient), tls);
        return direct.send(m.job(), m.message(), m.returnPath(), m.recipients());
    }

    @Test
    void enforceWithABadCertificateRefusesToDeliver() throws Exception {
        MxServer mx = stsDomain("enforce-bad.test", "mx.enforce-bad.test", bad, "enforce", "mx.enforce-bad.test");
        SmtpResult r = send("u@enforce-bad.test", null);
        assertEquals(Kind.TRANSIENT, r.kind(), r.toString());
        assertTrue(r.response().contains("mx.enforce-bad.test"), r.response());
        assertTrue(mx.received().isEmpty(), "nothing was sent over an unverified connection");
    }

    @Test
    void aPolicyIsKeptForItsMaxAgeAndFetchedAgainWhenItsIdChanges() throws Exception {
        MxServer mx = stsDomain("cached.test", "mx.cached.test", bad, "testing", "mx.cached.test");
        for (int i = 0; i < 3; i++) {
            assertEquals(Kind.ACCEPTED, send("u" + i + "@cached.test", null).kind());
        }
        assertEquals(1, FETCHES.get("cached.test").get(), "fetched once, then kept");
        assertEquals(3, mx.received().size());
        // a new policy (enforce) under a new id: fetched again and obeyed at once
        POLICY.put("cached.test", "version: STSv1\r\nmode: enforce\r\nmx: mx.cached.test\r\nmax_age: 86400\r\n");
        net.zone().remove("_mta-sts.cached.test").txt("_mta-sts.cached.test", "v=STSv1; id=20261208");
        SmtpResult enforced = send("v@cached.test", null);
        assertEquals(2, FETCHES.get("cached.test").get());
        assertEquals(Kind.TRANSIENT, enforced.kind(), enforced.toString());
        assertEquals(3, mx.received().size(), "nothing over the certificate the new policy does not accept");
    }

    @Test
    void testingModeWithTheSameCertificateDeliversOverOpportunisticTls() throws Exception {
        MxServer mx = stsDomain("testing-bad.test", "mx.testing-bad.test", bad, "testing", "mx.testing-bad.test");
        SmtpResult r = send("u@testing-bad.test", null);
        assertEquals(Kind.ACCEPTED, r.kind(), r.toString());
        assertTrue(mx.received().get(0).tls(), "STARTTLS was used");
    }

    @Test
    void enforceWithAVerifiedCertificateDelivers() throws Exception {
        MxServer mx = stsDomain("enforce-good.test", "mx.good-sts.test", good, "enforce", "*.good-sts.test");
        SmtpResult r = send("u@enforce-good.test", null);
        assertEquals(Kind.ACCEPTED, r.kind(), r.toString());
        assertTrue(mx.received().get(0).tls());
    }

    @Test
    void enforceSkipsMxHostsThePolicyDoesNotName() throws Exception {
        MxServer mx = stsDomain("unlisted.test", "mx.unlisted.test", good, "enforce", "mx.other.test");
        SmtpResult r = send("u@unlisted.test", null);
        assertEquals(Kind.TRANSIENT, r.kind(), r.toString());
        assertEquals(0, mx.connections());
    }

    @Test
    void aRouteThatRequiresTlsNeverFallsBackToPlainTextAndSaysWhy() throws Exception {
        MxServer plain = net.mx("mx.plain-route.test", null);
        net.zone().mx("plain-route.test", 10, "mx.plain-route.test");
        Mails m = Mails.to(List.of("u@plain-route.test"));
        SmtpResult required = direct.send(m.job().withTls("enforced"), m.message(), m.returnPath(), m.recipients());
        assertEquals(Kind.TRANSIENT, required.kind(), required.toString());
        assertTrue(required.response().startsWith("verified TLS is required and "), required.response());
        assertTrue(required.response().contains("STARTTLS"), required.response());
        assertTrue(plain.received().isEmpty(), "nothing went out in plain text");
        Mails o = Mails.to(List.of("v@plain-route.test"));
        SmtpResult opportunistic = direct.send(o.job().withTls("opportunistic"), o.message(), o.returnPath(),
                o.recipients());
        assertEquals(Kind.ACCEPTED, opportunistic.kind(), opportunistic.toString());
        assertEquals(1, plain.received().size());
        assertTrue(!plain.received().get(0).tls(), "opportunistic: plain text where nothing else is offered");

        MxServer verified = net.mx("mx.tls-route.test", routeCert);
        net.zone().mx("tls-route.test", 10, "mx.tls-route.test");
        Mails v = Mails.to(List.of("w@tls-route.test"));
        SmtpResult ok = direct.send(v.job().withTls("enforced"), v.message(), v.returnPath(), v.recipients());
        assertEquals(Kind.ACCEPTED, ok.kind(), ok.toString());
        assertTrue(verified.received().get(0).tls(), "over verified TLS");
    }

    @Test
    void aMessageThatRequiresTlsIsNotSentOverAnUnverifiedConnection() throws Exception {
        MxServer mx = net.mx("mx.nopolicy.test", bad);
        net.zone().mx("nopolicy.test", 10, "mx.nopolicy.test");
        SmtpResult required = send("u@nopolicy.test", "enforced");
        assertEquals(Kind.TRANSIENT, required.kind(), required.toString());
        assertTrue(mx.received().isEmpty());
        SmtpResult opportunistic = send("v@nopolicy.test", "opportunistic");
        assertEquals(Kind.ACCEPTED, opportunistic.kind(), opportunistic.toString());
        assertTrue(mx.received().get(0).tls());
    }
}
