package org.mintpost.system.resilience;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket, for what a well-behaved client library refuses to send: malformed
 * request lines and headers, lying {@code Content-Length}s, slow bodies, a chosen source address
 * ({@code 127.0.0.x} are all this machine, so a test can come from several IPs).
 */
final class RawHttp {

    /** A status code, {@link #CLOSED} if the server closed without answering, {@link #TIMEOUT} if it did not answer. */
    record Answer(int status, String head) {
        static final int CLOSED = -1;
        static final int TIMEOUT = -2;
    }

    private RawHttp() {
    }

    static Answer send(int port, byte[] request, int readTimeoutMillis) {
        return send(null, port, request, readTimeoutMillis);
    }

    static Answer send(String sourceIp, int port, byte[] request, int readTimeoutMillis) {
        try (Socket socket = new Socket()) {
            if (sourceIp != null) {
                socket.bind(new InetSocketAddress(InetAddress.getByName(sourceIp), 0));
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(readTimeoutMillis);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // the server may answer (413) and close before the whole body is written: read what it said
            }
            return readAnswer(socket.getInputStream());
        } catch (SocketTimeoutException e) {
            return new Answer(Answer.TIMEOUT, "");
        } catch (IOException e) {
            return new Answer(Answer.CLOSED, e.toString());
        }
    }

    static Answer readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            byte[] bytes = head.toByteArray();
            int n = bytes.length;
            if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') {
                break;
            }
            if (n > 65536) {
                break;
            }
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        if (!text.startsWith("HTTP/1.")) {
            return new Answer(Answer.CLOSED, text);
        }
        String[] parts = text.split(" ", 3);
        return new Answer(Integer.parseInt(parts[1].trim()), text);
    }

    static byte[] request(String method, String path, String headers, byte[] body) {
        String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers
                + (body == null ? "" : "Content-Length: " + body.length + "\r\n") + "\r\n";
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        if (body == null) {
            return h;
        }
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }
}
