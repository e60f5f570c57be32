package org.mintpost.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.awaitility.Awaitility;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mintpost.testing.DkimVerifier;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Sending domains end to end, as a user goes: the official SDK adds a domain, the DNS records it gets are
 * published in the suite's DNS server (every service asks it), the SDK verifies them and attaches a project,
 * a mail sent from the domain through a gateway with the sender policy on (as in production) arrives at the
 * SMTP server DKIM-signed, and an independent verifier (mailauth) accepts the signature; a From on an
 * unverified domain is refused over HTTP (422) and SMTP (550 5.7.1); the keys rotate and the next mail is
 * signed with the new selector; the SDK deletes the domain.
 */
class DomainsEndToEndTest {

    static Suite suite;
    static Suite.Service policyGateway;

    @BeforeAll
    static void start() throws Exception {
        suite = Suite.shared();
        OfficialSdkTest.installSdk();
        policyGateway = suite.startExtraGateway(Map.of("MINTPOST_SENDING_REQUIRE_VERIFIED_DOMAIN", "true"));
    }

    @Test
    void addVerifySendSignedRotateAndDeleteThroughTheSdk() throws Exception {
        String domain = "shop-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        JsonPath created = sdk(Map.of("PHASE", "create", "DOMAIN", domain));
        String domainId = created.getString("domain.id");
        assertEquals("legacy_txt", created.getString("domain.dkim_mode"));
        assertEquals(4, created.getList("domain.dns_records").size());
        assertEquals(422, created.getInt("early.status"), "nothing published yet");
        assertTrue(created.getBoolean("early.validation"), "the SDK raised its ValidationError");
        assertEquals(2, created.getInt("early.body.failed_count"));
        assertEquals(422, created.getInt("duplicate.status"));
        assertEquals(422, created.getInt("invalid.status"));

        List<Map<String, Object>> records = created.getList("domain.dns_records");
        for (Map<String, Object> r : records.subList(0, 3)) {
            publish(r);
        }
        String subject = "Signed " + domain;
        JsonPath done = sdk(Map.of("PHASE", "verify", "DOMAIN", domain, "DOMAIN_ID", domainId,
                "RECORD_ID", (String) records.get(0).get("id"), "PROJECT_ID", created.getString("project.id"),
                "PROJECT_TOKEN", created.getString("project.token"), "POLICY_BASE_URL", policyBaseUrl(),
                "SUBJECT", subject));
        assertEquals("DNS records verified successfully.", done.getString("verified.message"));
        assertEquals(List.of("_dmarc." + domain), done.getList("verified.recommended_failed_records.name"));
        assertEquals("DNS record verified successfully.", done.getString("record.message"));
        assertEquals("Domain projects updated successfully.", done.getString("attached.message"));
        assertEquals(created.getString("project.id"), done.getString("retrieved.projects[0].id"));
        assertTrue(done.getBoolean("retrieved.rotation_ready"), "the standby key was published too");
        assertEquals(List.of(domainId), done.getList("listed.data.id"));
        assertEquals("verified", done.getString("listed.data[0].status"));
        assertEquals("pending", done.getString("sent.status"));
        assertEquals(422, done.getInt("refused.status"));
        assertTrue(done.getString("refused.body.errors.from[0]").contains("unverified.example"));

        assertSigned(suite.awaitMail(subject), domain, "mp1");
        String token = created.getString("project.token");
        smtpRefusalAndSignedRelay(token, domain);

        // rotation: the published standby key signs from now on
        given().baseUri(suite.baseUrl()).header("Authorization", "Bearer " + suite.teamToken())
                .post("/domains/" + domainId + "/dkim/rotate").then().statusCode(200)
                .body("data.dns_records.hostname", hasItem("mp3._domainkey"));
        // the worker learns of the rotation from domain-changes, as the job reaches it through send-jobs: a mail
        // sent in the same instant may still carry the retired key (still published, so it verifies too)
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            String rotated = "Rotated " + UUID.randomUUID() + " " + domain;
            given().baseUri(policyBaseUrl()).header("x-lettermint-token", token).contentType(ContentType.JSON)
                    .body(Map.of("from", "hello@" + domain, "to", List.of("alice@example.org"), "subject", rotated,
                            "text", "Signed with the next key."))
                    .post("/send").then().statusCode(202);
            return "mp2".equals(assertSigned(suite.awaitMail(rotated), domain));
        });

        JsonPath deleted = sdk(Map.of("PHASE", "delete", "DOMAIN_ID", domainId));
        assertEquals("Domain deleted successfully.", deleted.getString("deleted.message"));
        assertEquals(404, deleted.getInt("gone.status"));
    }

    private void smtpRefusalAndSignedRelay(String token, String domain) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(Suite.smtpStartTlsPort(policyGateway)));
        props.put("mail.smtp.auth", "true");
        props.put("mail.smtp.starttls.enable", "true");
        props.put("mail.smtp.starttls.required", "true");
        props.put("mail.smtp.ssl.trust", "*");
        props.put("mail.smtp.ssl.checkserveridentity", "false");
        Session session = Session.getInstance(props);
        String subject = "Relayed " + domain;
        try (SMTPTransport transport = (SMTPTransport) session.getTransport("smtp")) {
            transport.connect("lettermint", token);
            MimeMessage refused = message(session, "hello@unverified.example", subject + " (refused)");
            SMTPSendFailedException e = assertThrows(SMTPSendFailedException.class,
                    () -> transport.sendMessage(refused, refused.getAllRecipients()));
            assertEquals(550, e.getReturnCode());
            assertTrue(e.getMessage().contains("5.7.1"), e.getMessage());
            MimeMessage ok = message(session, "Shop <hello@" + domain + ">", subject);
            transport.sendMessage(ok, ok.getAllRecipients());
        }
        assertSigned(suite.awaitMail(subject), domain, "mp1");
    }

    private static MimeMessage message(Session session, String from, String subject) throws Exception {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(from));
        m.setRecipients(Message.RecipientType.TO, "alice@example.org");
        m.setSubject(subject);
        m.setText("Over the relay.");
        return m;
    }

    private static void assertSigned(MimeMessage received, String domain, String selector) throws Exception {
        assertEquals(selector, assertSigned(received, domain));
    }

    /** Asserts one DKIM signature of {@code domain} that the independent verifier passes; returns its selector. */
    private static String assertSigned(MimeMessage received, String domain) throws Exception {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        received.writeTo(raw);
        List<DkimVerifier.Result> results = DkimVerifier.verify(raw.toByteArray(), suite.dns.address());
        assertEquals(1, results.size(), results.toString());
        assertEquals("pass", results.get(0).result(), results.toString());
        assertEquals(domain, results.get(0).domain());
        return results.get(0).selector();
    }

    private static void publish(Map<String, Object> record) {
        String fqdn = (String) record.get("fqdn");
        if ("CNAME".equals(record.get("type"))) {
            suite.dns.zone().cname(fqdn, (String) record.get("content"));
        } else {
            suite.dns.zone().txt(fqdn, (String) record.get("content"));
        }
    }

    private static String policyBaseUrl() {
        return "http://127.0.0.1:" + policyGateway.port + "/v1";
    }

    private static JsonPath sdk(Map<String, String> phase) throws Exception {
        Map<String, String> env = new HashMap<>(phase);
        env.put("BASE_URL", suite.baseUrl());
        env.put("TEAM_TOKEN", suite.teamToken());
        String out = OfficialSdkTest.run(List.of("node", "domains-sdk.mjs"), env, 120);
        return JsonPath.from(out.lines().reduce((a, b) -> b).orElseThrow());
    }
}
