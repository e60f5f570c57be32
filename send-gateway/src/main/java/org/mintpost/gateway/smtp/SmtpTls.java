package org.mintpost.gateway.smtp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.Optional;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.subethamail.smtp.server.SSLSocketCreator;

/** The relay's TLS material: a PEM certificate (chain) and a PKCS#8 PEM private key, read at start. */
final class SmtpTls {

    private SmtpTls() {
    }

    /** Empty when either file is missing; fails when they exist but cannot be used. */
    static Optional<SSLContext> load(String certPath, String keyPath) {
        Path cert = Path.of(certPath);
        Path key = Path.of(keyPath);
        if (!Files.isReadable(cert) || !Files.isReadable(key)) {
            return Optional.empty();
        }
        try {
            Collection<? extends Certificate> chain;
            try (var in = Files.newInputStream(cert)) {
                chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (chain.isEmpty()) {
                throw new IllegalStateException("no certificate in " + cert);
            }
            PrivateKey privateKey = privateKey(Files.readString(key, StandardCharsets.US_ASCII));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            store.setKeyEntry("smtp", privateKey, password, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return Optional.of(context);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("SMTP TLS certificate " + cert + " / key " + key + " cannot be used: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /** The STARTTLS upgrade of an accepted socket: server mode, the JDK's default protocols and suites, no DNS. */
    static SSLSocketCreator startTls(SSLContext context) {
        return socket -> {
            InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
            SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket,
                    remote.getAddress().getHostAddress(), socket.getPort(), true);
            ssl.setUseClientMode(false);
            return ssl;
        };
    }

    private static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        String begin = "-----BEGIN PRIVATE KEY-----";
        int start = pem.indexOf(begin);
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (start < 0 || end < start) {
            throw new GeneralSecurityException("the key file holds no PKCS#8 'PRIVATE KEY' block");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), end));
        GeneralSecurityException last = null;
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }
}
