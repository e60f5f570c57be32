package org.mintpost.dispatch.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.mail.internet.MimeMessage;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.DomainChanged;
import org.mintpost.contracts.event.EmailContent;
import org.mintpost.contracts.event.MessageSource;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.contracts.kafka.EventJson;
import org.mintpost.dispatch.support.GreenMailResource;
import org.mintpost.dispatch.support.Jobs;
import org.mintpost.dispatch.support.KafkaTestClient;
import org.mintpost.dispatch.support.SourceReader;
import org.mintpost.testing.DkimVerifier;
import org.mintpost.testing.DnsServer;
import org.mintpost.testing.KafkaBroker;
import org.mintpost.testing.KafkaResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Mail whose From domain is verified for its project leaves DKIM-signed, API and SMTP jobs alike, and an
 * independent verifier (mailauth, asking a real DNS server that holds the published key) accepts the
 * signature; mail from a domain not verified for the project leaves unsigned. The domain state arrives as
 * token-service publishes it: on {@code domain-changes}, its private key sealed under the KEK.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(GreenMailResource.class)
public class DkimSigningTest {

    static final String TEST_KEK = "dGVzdC1vbmx5LWtleS1lbmNyeXB0aW9uLWtleS0zMmI=";
    public static KafkaTestClient kafka;
    public static DnsServer dns;

    @BeforeAll
    public static void start() {
        kafka = new KafkaTestClient(KafkaBroker.shared().bootstrapServers());
        dns = DnsServer.start();
    }

    @AfterAll
    public static void stop() throws InterruptedException {
        kafka.close();
        dns.close();
    }

    @Test
    void apiAndSmtpJobsFromAVerifiedDomainAreSignedAndVerifyElsewhere() throws Exception {
        String domain = "signed-" + System.nanoTime() + ".example";
        publishVerifiedDomain(domain, Jobs.PROJECT, "mp1");

        EmailContent content = new EmailContent("Shop <hello@" + domain + ">", List.of("rcpt@example.org"),
                List.of("cc@example.org"), null, null, "Signed ✓ " + domain, "<p>Hello <b>there</b></p>",
                "Hello there\nsecond line  with  spaces \n", null, null, null, null, null, null, null, null);
        SendJob api = Jobs.api(content);
        kafka.send(api);
        String raw = "From: Shop <hello@" + domain + ">\r\nTo: rcpt@example.org\r\nSubject: over SMTP\r\n"
                + "Message-ID: <" + UUID.randomUUID() + "@" + domain + ">\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\nRaw body line\r\n.leading dot\r\n\r\n\r\n";
        SendJob smtp = Jobs.smtp(Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8)),
                "bounce@" + domain, List.of("rcpt@example.org"));
        kafka.send(smtp);

        for (String subject : List.of("Signed ✓ " + domain, "over SMTP")) {
            byte[] received = awaitMessage(subject);
            String text = new String(received, StandardCharsets.UTF_8);
            assertTrue(text.startsWith("DKIM-Signature:") || text.contains("\nDKIM-Signature:"), text);
            assertTrue(text.contains("d=" + domain), text);
            assertTrue(text.contains("s=mp1"), text);
            assertTrue(text.contains("c=relaxed/relaxed"), text);
            List<DkimVerifier.Result> results = DkimVerifier.verify(received, dns.address());
            assertEquals(1, results.size(), results.toString());
            assertEquals("pass", results.get(0).result(), results.toString());
            assertEquals(domain, results.get(0).domain());
            assertEquals("mp1", results.get(0).selector());
        }
        // the content kept for messages.source is the signed MIME as sent: it verifies too
        MessageSource source = SourceReader.await(KafkaBroker.shared().bootstrapServers(), api.messageId(),
                Duration.ofSeconds(30));
        assertEquals(api.teamId(), source.teamId());
        byte[] kept = SourceReader.gunzip(source.mimeGzip());
        List<DkimVerifier.Result> keptResults = DkimVerifier.verify(kept, dns.address());
        assertEquals("pass", keptResults.get(0).result(), keptResults.toString());
        assertTrue(new String(kept, StandardCharsets.UTF_8).startsWith("DKIM-Signature:"));
    }

    @Test
    void aDomainNotVerifiedForTheProjectSignsNothing() throws Exception {
        String domain = "other-" + System.nanoTime() + ".example";
        publishVerifiedDomain(domain, "some-other-project", "mp1");
        EmailContent content = new EmailContent("hello@" + domain, List.of("rcpt@example.org"), null, null, null,
                "Unsigned " + domain, null, "Hello there", null, null, null, null, null, null, null, null);
        kafka.send(Jobs.api(content));
        String text = new String(awaitMessage("Unsigned " + domain), StandardCharsets.UTF_8);
        assertTrue(!text.contains("DKIM-Signature"), text);
        kafka.send(Jobs.simple("plain-" + System.nanoTime() + "@example.org"));
    }

    @Test
    void aKeySealedForAnotherDomainDoesNotOpen() throws Exception {
        KeyOpener opener = new KeyOpener(TEST_KEK);
        String sealed = seal(keyPair().getPrivate().getEncoded(), "domain-a/mp1");
        assertThrowsSecurity(() -> opener.open(sealed, "domain-b", "mp1"));
        assertThrowsSecurity(() -> new KeyOpener(Base64.getEncoder().encodeToString(new byte[32]))
                .open(sealed, "domain-a", "mp1"));
        assertEquals("RSA", opener.open(sealed, "domain-a", "mp1").getAlgorithm());
    }

    private static void assertThrowsSecurity(org.junit.jupiter.api.function.Executable e) {
        org.junit.jupiter.api.Assertions.assertThrows(java.security.GeneralSecurityException.class, e);
    }

    /** Publishes a verified domain with a fresh key (sealed as token-service seals it) and its TXT record. */
    public static void publishVerifiedDomain(String domain, String projectId, String selector) throws Exception {
        String id = UUID.randomUUID().toString();
        KeyPair pair = keyPair();
        String publicKey = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        DomainChanged.DkimKey key = new DomainChanged.DkimKey(selector, DomainChanged.DkimKey.ROLE_ACTIVE,
                "rsa-sha256", publicKey, seal(pair.getPrivate().getEncoded(), id + "/" + selector), "test");
        DomainChanged state = new DomainChanged(UUID.randomUUID().toString(), Instant.now(), 1,
                DomainChanged.CHANGE_VERIFIED, id, Jobs.TEAM, domain, DomainChanged.STATUS_VERIFIED,
                List.of(projectId), selector, List.of(key), 1, "system");
        kafka.sendRaw(Topics.DOMAIN_CHANGES, id, EventJson.MAPPER.writeValueAsBytes(state));
        dns.zone().txt(selector + "._domainkey." + domain, "v=DKIM1; k=rsa; p=" + publicKey);
        Thread.sleep(1_000);
    }

    static KeyPair keyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    static String seal(byte[] plaintext, String aad) throws Exception {
        byte[] iv = new byte[12];
        new SecureRandom().nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(TEST_KEK), "AES"),
                new GCMParameterSpec(128, iv));
        cipher.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
        byte[] sealed = cipher.doFinal(plaintext);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(1 + 12 + sealed.length).put((byte) 1).put(iv)
                .put(sealed).array());
    }

    /** The bytes of the received message with this subject, as the SMTP server got them. */
    public static byte[] awaitMessage(String subject) throws Exception {
        MimeMessage[] found = new MimeMessage[1];
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (MimeMessage m : GreenMailResource.greenMail().getReceivedMessages()) {
                if (subject.equals(m.getSubject())) {
                    found[0] = m;
                    return true;
                }
            }
            return false;
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        found[0].writeTo(out);
        return out.toByteArray();
    }
}
