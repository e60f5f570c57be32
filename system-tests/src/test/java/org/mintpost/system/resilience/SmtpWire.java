package org.mintpost.system.resilience;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import javax.net.ssl.SSLSocket;

import org.mintpost.testing.TrustAllTls;

/**
 * SMTP over a plain socket, for what a mail library refuses to send (random bytes, bare CR or LF,
 * huge lines, pipelined writes, a socket dropped mid-DATA) from a chosen source address
 * ({@code 127.0.0.x} are all this machine). STARTTLS and implicit TLS trust any certificate (the
 * suite's relay certificate is self-signed). Every reply line read is checked: three digits, then a
 * space (last line) or a hyphen (more lines follow); a line that is not is a {@link MalformedReply}.
 */
final class SmtpWire implements AutoCloseable {

    static final Pattern REPLY_LINE = Pattern.compile("^[2-5][0-9][0-9][ -].*$", Pattern.DOTALL);
    static final String USERNAME = "lettermint";

    /** One reply: its code and its lines (without CRLF). */
    record Reply(int code, List<String> lines) {
        String text() {
            return String.join(" | ", lines);
        }

        /** The last line, e.g. {@code 250 2.0.0 Ok: queued as <id>}. */
        String last() {
            return lines.get(lines.size() - 1);
        }

        boolean is(int expected) {
            return code == expected;
        }

        @Override
        public String toString() {
            return text();
        }
    }

    /** The server sent a line that is not an SMTP reply line. */
    static final class MalformedReply extends IOException {
        MalformedReply(String line) {
            super("not an SMTP reply line: " + printable(line));
        }
    }

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private SmtpWire(Socket socket, String host, int port) throws IOException {
        this.host = host;
        this.port = port;
        use(socket);
    }

    /**
     * Connects from {@code sourceIp} (null: any) to the relay at 127.0.0.1:{@code port}, every read bounded by
     * {@code timeoutMillis}; implicit TLS when {@code tls}. The greeting is not read yet.
     */
    static SmtpWire connect(String sourceIp, int port, boolean tls, int timeoutMillis) throws IOException {
        Socket socket = new Socket();
        try {
            if (sourceIp != null) {
                socket.bind(new InetSocketAddress(InetAddress.getByName(sourceIp), 0));
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(timeoutMillis);
            if (tls) {
                SSLSocket ssl = (SSLSocket) TrustAllTls.context().getSocketFactory().createSocket(socket, "127.0.0.1", port, true);
                ssl.setUseClientMode(true);
                ssl.setSoTimeout(timeoutMillis);
                ssl.startHandshake();
                socket = ssl;
            }
            return new SmtpWire(socket, "127.0.0.1", port);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private void use(Socket s) throws IOException {
        this.socket = s;
        this.in = new BufferedInputStream(s.getInputStream());
        this.out = s.getOutputStream();
    }

    /** Connects, reads the greeting (must be 220), says EHLO, upgrades with STARTTLS and says EHLO again. */
    static SmtpWire startTls(String sourceIp, int port, int timeoutMillis) throws IOException {
        SmtpWire wire = connect(sourceIp, port, false, timeoutMillis);
        try {
            wire.expect(wire.read(), 220, "greeting");
            wire.expect(wire.command("EHLO client.example"), 250, "EHLO");
            wire.expect(wire.command("STARTTLS"), 220, "STARTTLS");
            wire.upgrade();
            wire.expect(wire.command("EHLO client.example"), 250, "EHLO after STARTTLS");
            return wire;
        } catch (IOException | RuntimeException e) {
            wire.close();
            throw e;
        }
    }

    /** The TLS handshake after a {@code 220} to STARTTLS. */
    void upgrade() throws IOException {
        SSLSocket ssl = (SSLSocket) TrustAllTls.context().getSocketFactory().createSocket(socket, host, port, true);
        ssl.setUseClientMode(true);
        ssl.setSoTimeout(socket.getSoTimeout());
        ssl.startHandshake();
        use(ssl);
    }

    boolean isTls() {
        return socket instanceof SSLSocket;
    }

    /** Writes {@code line} + CRLF and reads the reply. */
    Reply command(String line) throws IOException {
        send(line);
        return read();
    }

    /** Writes {@code line} + CRLF (UTF-8). */
    void send(String line) throws IOException {
        write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** {@code AUTH PLAIN} with the token as password, in one line. */
    Reply authPlain(String token) throws IOException {
        return command("AUTH PLAIN " + b64("\0" + USERNAME + "\0" + token));
    }

    /** {@code AUTH LOGIN}: the final reply, or the first one that is not a {@code 334} challenge. */
    Reply authLogin(String token) throws IOException {
        Reply reply = command("AUTH LOGIN");
        if (!reply.is(334)) {
            return reply;
        }
        reply = command(b64(USERNAME));
        if (!reply.is(334)) {
            return reply;
        }
        return command(b64(token));
    }

    /**
     * One mail transaction on an authenticated session: {@code MAIL}, {@code RCPT}s, {@code DATA}, the message
     * (dot-stuffed) and the final reply, which is returned; a refused step before it is an {@link UnexpectedReply}.
     */
    Reply transaction(String from, List<String> to, String message) throws IOException {
        expect(command("MAIL FROM:<" + from + ">"), 250, "MAIL");
        for (String rcpt : to) {
            expect(command("RCPT TO:<" + rcpt + ">"), 250, "RCPT");
        }
        expect(command("DATA"), 354, "DATA");
        StringBuilder data = new StringBuilder();
        String body = message.endsWith("\r\n") ? message.substring(0, message.length() - 2) : message;
        for (String line : body.split("\r?\n", -1)) {
            data.append(line.startsWith(".") ? "." : "").append(line).append("\r\n");
        }
        write(data.append(".\r\n").toString().getBytes(StandardCharsets.UTF_8));
        return read();
    }

    /** A small plain-text message with the given subject and, if not null, an {@code Idempotency-Key} header. */
    static String message(String from, String to, String subject, String idempotencyKey, String text) {
        return "From: <" + from + ">\r\nTo: <" + to + ">\r\nSubject: " + subject + "\r\n"
                + (idempotencyKey == null ? "" : "Idempotency-Key: " + idempotencyKey + "\r\n")
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + text + "\r\n";
    }

    /** One reply, with its continuation lines; {@link EOFException} when the server closed first. */
    Reply read() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line == null) {
                throw new EOFException("closed by the server" + (lines.isEmpty() ? "" : " after " + lines));
            }
            if (!REPLY_LINE.matcher(line).matches()) {
                throw new MalformedReply(line);
            }
            if (!lines.isEmpty() && !line.startsWith(lines.get(0).substring(0, 3))) {
                throw new MalformedReply("code changed within a multi-line reply: " + lines + " then " + line);
            }
            lines.add(line);
            if (line.charAt(3) == ' ') {
                return new Reply(Integer.parseInt(line.substring(0, 3)), List.copyOf(lines));
            }
        }
    }

    /** True when the server closes the connection within the read timeout (whatever it sends first is skipped). */
    boolean closedByServer() {
        byte[] buffer = new byte[8192];
        try {
            for (int total = 0; total < 1_000_000;) {
                int n = in.read(buffer);
                if (n == -1) {
                    return true;
                }
                total += n;
            }
            return false;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                if (bytes.length == 0 || bytes[bytes.length - 1] != '\r') {
                    throw new MalformedReply(line.toString(StandardCharsets.ISO_8859_1) + "<LF without CR>");
                }
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(b);
            if (line.size() > 4096) {
                throw new MalformedReply(line.toString(StandardCharsets.ISO_8859_1) + "… (over 4 KB, no CRLF)");
            }
        }
        if (line.size() > 0) {
            throw new MalformedReply(line.toString(StandardCharsets.ISO_8859_1) + "<closed without CRLF>");
        }
        return null;
    }

    Reply expect(Reply reply, int code, String what) throws IOException {
        if (!reply.is(code)) {
            throw new UnexpectedReply(what + ": expected " + code + ", got " + reply.text(), reply);
        }
        return reply;
    }

    /** A well-formed reply with another code than the step needed. */
    static final class UnexpectedReply extends IOException {
        final transient Reply reply;

        UnexpectedReply(String message, Reply reply) {
            super(message);
            this.reply = reply;
        }
    }

    /** Drops the connection without QUIT (an RST when {@code abortive}). */
    void drop(boolean abortive) {
        try {
            if (abortive) {
                socket.setSoLinger(true, 0);
            }
            socket.close();
        } catch (IOException e) {
            // gone already
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // gone already
        }
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.substring(0, Math.min(s.length(), 200)).toCharArray()) {
            b.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02x", (int) c & 0xff));
        }
        return b.toString();
    }
}
