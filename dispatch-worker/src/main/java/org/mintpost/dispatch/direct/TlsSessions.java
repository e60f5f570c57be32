package org.mintpost.dispatch.direct;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import jakarta.mail.Session;

/**
 * The Angus Mail sessions of direct delivery. Opportunistic: {@code STARTTLS} whenever the host offers it, any
 * certificate accepted (RFC 7435: better than plain text, and a receiver with a self-signed certificate still gets
 * mail). Verified (an MTA-STS {@code enforce} policy, or TLS required by setting): {@code STARTTLS} required, the
 * chain checked against the trust store and the MX host's name against the certificate, else no transaction.
 */
final class TlsSessions {

    private final Properties base;
    private final SSLContext verifying;
    private final Session opportunistic;

    TlsSessions(String heloHost, Duration timeout, Optional<String> trustStore, Optional<String> password) {
        this.base = new Properties();
        String millis = Long.toString(timeout.toMillis());
        base.put("mail.transport.protocol", "smtp");
        base.put("mail.smtp.localhost", heloHost);
        base.put("mail.smtp.connectiontimeout", millis);
        base.put("mail.smtp.timeout", millis);
        base.put("mail.smtp.writetimeout", millis);
        base.put("mail.smtp.sendpartial", "true");
        base.put("mail.smtp.quitwait", "false");
        base.put("mail.smtp.starttls.enable", "true");
        this.verifying = context(trustStore, password);
        Properties p = new Properties();
        p.putAll(base);
        p.put("mail.smtp.ssl.trust", "*");
        p.put("mail.smtp.ssl.checkserveridentity", "false");
        this.opportunistic = Session.getInstance(p);
    }

    /** The SSL context that verifies (the trust store's, or the JDK's): also the MTA-STS policy fetch's. */
    SSLContext verifying() {
        return verifying;
    }

    Session opportunistic() {
        return opportunistic;
    }

    /** A session whose {@code STARTTLS} must succeed with a certificate valid for {@code mxHost}. */
    Session verified(String mxHost) {
        Properties p = new Properties();
        p.putAll(base);
        p.put("mail.smtp.starttls.required", "true");
        p.put("mail.smtp.ssl.socketFactory", new HostVerifying(verifying.getSocketFactory(), mxHost));
        return Session.getInstance(p);
    }

    private static SSLContext context(Optional<String> trustStore, Optional<String> password) {
        try {
            if (trustStore.isEmpty()) {
                return SSLContext.getDefault();
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(Path.of(trustStore.get()))) {
                store.load(in, password.orElse("").toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("mintpost.delivery.trust-store cannot be read: "
                    + e.getClass().getSimpleName());
        }
    }

    /**
     * Layers TLS over the connection to an MX host, named by its MX name (the connection itself went to one of its
     * addresses): SNI and the certificate's name check are against that name (RFC 8461 §4.1).
     */
    private static final class HostVerifying extends SSLSocketFactory {

        private final SSLSocketFactory delegate;
        private final String host;

        HostVerifying(SSLSocketFactory delegate, String host) {
            this.delegate = delegate;
            this.host = host;
        }

        @Override
        public Socket createSocket(Socket s, String ignored, int port, boolean autoClose) throws IOException {
            SSLSocket socket = (SSLSocket) delegate.createSocket(s, host, port, autoClose);
            SSLParameters params = socket.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(params);
            return socket;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket(String h, int port) throws IOException {
            throw new IOException("direct delivery never opens TLS on connect");
        }

        @Override
        public Socket createSocket(String h, int port, InetAddress local, int localPort) throws IOException {
            throw new IOException("direct delivery never opens TLS on connect");
        }

        @Override
        public Socket createSocket(InetAddress h, int port) throws IOException {
            throw new IOException("direct delivery never opens TLS on connect");
        }

        @Override
        public Socket createSocket(InetAddress h, int port, InetAddress local, int localPort) throws IOException {
            throw new IOException("direct delivery never opens TLS on connect");
        }
    }
}
