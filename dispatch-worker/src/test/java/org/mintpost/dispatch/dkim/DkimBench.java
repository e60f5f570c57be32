package org.mintpost.dispatch.dkim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mintpost.contracts.event.EmailContent;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.dispatch.service.MessageFactory;
import org.mintpost.dispatch.support.GreenMailResource;
import org.mintpost.dispatch.support.Jobs;
import org.mintpost.dispatch.support.KafkaTestClient;
import org.mintpost.testing.KafkaBroker;
import org.mintpost.testing.KafkaResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What DKIM signing costs, next to the machine's own RSA speed in the same run: {@code openssl speed -seconds 3
 * rsa2048} (signs/s on one core), the JDK's bare SHA256withRSA over a small digest, jDKIM signing a typical
 * message (µs each, one thread), and the delivery throughput of this one worker (in the test JVM, to GreenMail)
 * for signed and unsigned mail, in alternating rounds. Prints its figures; no pass/fail.
 * Run: {@code ./mvnw -pl dispatch-worker -am verify -Dbench=true -Dtest=DkimBench
 * -Dsurefire.failIfNoSpecifiedTests=false -DskipITs [-Dbench.n=2000]}.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(GreenMailResource.class)
@EnabledIfSystemProperty(named = "bench", matches = "true")
class DkimBench {

    @Inject
    MessageFactory factory;

    @Inject
    DkimSigner signer;

    @Test
    void signingCostAndSignedVersusUnsignedThroughput() throws Exception {
        int n = Integer.getInteger("bench.n", 2000);
        double opensslSigns = opensslRsa2048SignsPerSecond();
        KeyPair pair = DkimSigningTest.keyPair();
        String domain = "bench-" + System.nanoTime() + ".example";
        SigningKeys.SigningKey key = new SigningKeys.SigningKey("d", domain, "mp1", Set.of(Jobs.PROJECT), true,
                pair.getPrivate(), 1);
        MimeMessage message = factory.toMime(Jobs.api(content(domain, "cost")),
                Session.getInstance(new Properties()));
        int size = size(message);

        Signature rsa = Signature.getInstance("SHA256withRSA");
        double jdkMicros = micros(n, () -> {
            rsa.initSign(pair.getPrivate());
            rsa.update(new byte[32]);
            rsa.sign();
        });
        double dkimMicros = micros(n, () -> signer.sign(message, key));

        DkimSigningTest.kafka = new KafkaTestClient(KafkaBroker.shared().bootstrapServers());
        try {
            DkimSigningTest.dns = org.mintpost.testing.DnsServer.start();
            DkimSigningTest.publishVerifiedDomain(domain, Jobs.PROJECT, "mp1");
            List<Double> signed = new ArrayList<>();
            List<Double> unsigned = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                boolean sign = round % 2 == 0;
                (sign ? signed : unsigned).add(throughput(sign ? domain : "unsigned.example", n / 2));
            }
            System.out.printf("%nDKIM bench (n=%d, message %d bytes):%n"
                    + "  openssl speed -seconds 3 rsa2048: %.0f signs/s (%.0f us per sign)%n"
                    + "  JDK SHA256withRSA sign: %.0f us%n"
                    + "  jDKIM sign of the whole message: %.0f us (%.2fx the JDK RSA sign)%n"
                    + "  one worker to GreenMail, signed: %s mails/s; unsigned: %s mails/s (rounds alternate)%n%n",
                    n, size, opensslSigns, 1e6 / opensslSigns, jdkMicros, dkimMicros, dkimMicros / jdkMicros,
                    rates(signed), rates(unsigned));
        } finally {
            DkimSigningTest.stop();
        }
    }

    private static EmailContent content(String domain, String subject) {
        String html = "<html><body><h1>Your order</h1>" + "<p>Thank you for your order. Here is what you bought.</p>"
                .repeat(40) + "</body></html>";
        return new EmailContent("Shop <orders@" + domain + ">", List.of("rcpt@example.org"), null, null, null,
                subject, html, "Thank you for your order.\n".repeat(40), null, null, null, null, null, null, null,
                null);
    }

    /** Mails per second for {@code count} jobs from {@code domain}, queued at once, until all are received. */
    private static double throughput(String domain, int count) throws Exception {
        String tag = "tp-" + UUID.randomUUID();
        int before = GreenMailResource.greenMail().getReceivedMessages().length;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            SendJob job = Jobs.api(content(domain, tag + " " + i));
            DkimSigningTest.kafka.sendAsync(job);
        }
        DkimSigningTest.kafka.flush();
        Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> GreenMailResource.greenMail().getReceivedMessages().length >= before + count);
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private interface Step {
        void run() throws Exception;
    }

    private static double micros(int n, Step step) throws Exception {
        for (int i = 0; i < Math.min(n, 300); i++) {
            step.run();
        }
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            step.run();
        }
        return (System.nanoTime() - start) / 1e3 / n;
    }

    private static int size(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.size();
    }

    private static String rates(List<Double> values) {
        return Arrays.toString(values.stream().mapToLong(Math::round).toArray());
    }

    static double opensslRsa2048SignsPerSecond() throws Exception {
        Process p = new ProcessBuilder("openssl", "speed", "-seconds", "3", "rsa2048").redirectErrorStream(true)
                .start();
        p.waitFor(60, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("rsa\\s+2048 bits\\s+\\S+s\\s+\\S+s\\s+([0-9.]+)").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no rsa 2048 line in openssl speed's output: " + out);
        }
        return Double.parseDouble(m.group(1));
    }
}
