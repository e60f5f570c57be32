package org.mintpost.gateway.support;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.net.ssl.SSLSocket;

import jakarta.mail.Session;

import org.mintpost.testing.TrustAllTls;

/** SMTP clients for the relay tests: Jakarta Mail (Angus) sessions and a raw line client. */
public final class Smtp {

    public static final String USER = "lettermint";

    private Smtp() {
    }

    /** STARTTLS required (the port's plain phase), with one AUTH mechanism. */
    public static Session starttls(int port, String mechanism) {
        Properties props = base(port, mechanism);
        props.put("mail.smtp.starttls.enable", "true");
        props.put("mail.smtp.starttls.required", "true");
        return Session.getInstance(props);
    }

    /** TLS from the first byte (the implicit-TLS port). */
    public static Session implicitTls(int port, String mechanism) {
        Properties props = base(port, mechanism);
        props.put("mail.smtp.ssl.enable", "true");
        return Session.getInstance(props);
    }

    /** Asserts a reply (as {@link Raw#reply()} returns it) starts with {@code expectedStart}. */
    public static void assertReply(String expectedStart, String reply) {
        assertNotNull(reply, "the server closed the connection instead of replying " + expectedStart);
        assertTrue(reply.startsWith(expectedStart), "expected " + expectedStart + "…, got " + reply);
    }

    private static Properties base(int port, String mechanism) {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(port));
        props.put("mail.smtp.auth", mechanism == null ? "false" : "true");
        if (mechanism != null) {
            props.put("mail.smtp.auth.mechanisms", mechanism);
        }
        props.put("mail.smtp.ssl.trust", "*");
        props.put("mail.smtp.ssl.checkserveridentity", "false");
        props.put("mail.smtp.connectiontimeout", "10000");
        props.put("mail.smtp.timeout", "20000");
        props.put("mail.smtp.writetimeout", "20000");
        return props;
    }

    /** A line-by-line SMTP client on a plain socket, for what real clients never send. */
    public static final class Raw implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        public Raw(int port) throws IOException {
            this(new Socket("127.0.0.1", port));
        }

        private Raw(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(10_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            out = socket.getOutputStream();
        }

        /** The full reply (all its lines), or null when the server closed the connection. */
        public String reply() throws IOException {
            StringBuilder reply = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                reply.append(line).append('\n');
                if (line.length() < 4 || line.charAt(3) != '-') {
                    return reply.toString();
                }
            }
            return reply.length() == 0 ? null : reply.toString();
        }

        /** A raw client on the implicit-TLS port, trusting the relay's (self-signed) certificate. */
        public static Raw implicitTls(int port) throws IOException {
            SSLSocket ssl = (SSLSocket) TrustAllTls.context().getSocketFactory().createSocket("127.0.0.1", port);
            ssl.startHandshake();
            return new Raw(ssl);
        }

        /** Writes bytes as they are, without a line end. */
        public void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** Half-closes: the server reads the end of the stream, and can still answer. */
        public void shutdownOutput() throws IOException {
            socket.shutdownOutput();
        }

        public String send(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return reply();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
