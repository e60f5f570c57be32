package org.mintpost.gateway.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A self-signed certificate for the SMTP relay, made with openssl at test time (never committed). */
public class SmtpTlsResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("mintpost-smtp-tls");
            Path cert = dir.resolve("smtp-tls-cert.pem");
            Path key = dir.resolve("smtp-tls-key.pem");
            Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                    "-days", "2", "-subj", "/CN=localhost", "-keyout", key.toString(), "-out", cert.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
            if (!openssl.waitFor(60, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
                throw new IllegalStateException("openssl could not make a certificate; see " + dir.resolve("openssl.log"));
            }
            return Map.of("mintpost.smtp.tls.cert-path", cert.toString(), "mintpost.smtp.tls.key-path", key.toString());
        } catch (Exception e) {
            throw new IllegalStateException("no SMTP test certificate", e);
        }
    }

    @Override
    public void stop() {
        // temp files go with the machine's temp directory
    }
}
