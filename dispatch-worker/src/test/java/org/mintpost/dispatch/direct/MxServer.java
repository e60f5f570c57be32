package org.mintpost.dispatch.direct;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A real SMTP server standing for one recipient domain's MX host: bound to its own loopback address (127.0.0.N) on
 * the port every MX host of the test shares, as the worker's {@code mx-port}. It offers {@code STARTTLS} when given a
 * certificate, and can misbehave as a destination does: greet with 421 or 554, never greet (a tarpit), answer
 * {@code MAIL} with a 421, or drop the connection after the message's data.
 */
final class MxServer implements AutoCloseable {

    /** One transaction the server accepted. */
    record Received(String helo, String mailFrom, List<String> recipients, String data, boolean tls) {
    }

    private final ServerSocket server;
    private final SSLContext tls;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    volatile String greeting = "220 mx ESMTP ready";
    volatile String mailReply = "250 2.1.0 Ok";
    volatile boolean dropAfterData;
    private volatile boolean closed;

    MxServer(String address, int port, SSLContext tls) throws IOException {
        this.tls = tls;
        this.server = new ServerSocket(port, 100, InetAddress.getByName(address));
        Thread t = new Thread(this::accept, "mx-" + address);
        t.setDaemon(true);
        t.start();
    }

    List<Received> received() {
        return received;
    }

    int connections() {
        return connections.get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                open.add(s);
                Thread t = new Thread(() -> session(s), "mx-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                // closed, or one failed accept
            }
        }
    }

    private void session(Socket plain) {
        Socket socket = plain;
        try {
            String hello = greeting;
            if (hello == null) {
                // a tarpit: says nothing until the client gives up
                while (plain.getInputStream().read() >= 0) {
                    // nothing
                }
                return;
            }
            BufferedReader in = reader(socket);
            OutputStream out = socket.getOutputStream();
            reply(out, hello);
            if (!hello.startsWith("220")) {
                in.readLine();
                return;
            }
            boolean secure = false;
            String helo = null;
            String from = null;
            List<String> rcpts = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String upper = line.toUpperCase();
                if (upper.startsWith("EHLO") || upper.startsWith("HELO")) {
                    helo = line.substring(4).strip();
                    reply(out, "250-mx\r\n" + (tls != null && !secure ? "250-STARTTLS\r\n" : "") + "250 8BITMIME");
                } else if (upper.startsWith("STARTTLS") && tls != null && !secure) {
                    reply(out, "220 2.0.0 Ready to start TLS");
                    SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket, null,
                            socket.getPort(), true);
                    ssl.setUseClientMode(false);
                    ssl.startHandshake();
                    socket = ssl;
                    secure = true;
                    in = reader(socket);
                    out = socket.getOutputStream();
                } else if (upper.startsWith("MAIL FROM:")) {
                    from = address(line.substring(10));
                    rcpts.clear();
                    reply(out, mailReply);
                } else if (upper.startsWith("RCPT TO:")) {
                    rcpts.add(address(line.substring(8)));
                    reply(out, "250 2.1.5 Ok");
                } else if (upper.equals("DATA")) {
                    reply(out, "354 End data with <CR><LF>.<CR><LF>");
                    StringBuilder data = new StringBuilder();
                    String d;
                    while ((d = in.readLine()) != null && !d.equals(".")) {
                        data.append(d.startsWith("..") ? d.substring(1) : d).append("\r\n");
                    }
                    if (dropAfterData) {
                        return;
                    }
                    received.add(new Received(helo, from, List.copyOf(rcpts), data.toString(), secure));
                    reply(out, "250 2.0.0 Ok: queued");
                } else if (upper.startsWith("RSET") || upper.startsWith("NOOP")) {
                    reply(out, "250 2.0.0 Ok");
                } else if (upper.startsWith("QUIT")) {
                    reply(out, "221 2.0.0 Bye");
                    return;
                } else {
                    reply(out, "502 5.5.2 Command not recognized");
                }
            }
        } catch (IOException e) {
            // the client went away, or the TLS handshake failed
        } finally {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
            open.remove(plain);
        }
    }

    private static BufferedReader reader(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
    }

    private static String address(String arg) {
        String a = arg.strip();
        int lt = a.indexOf('<');
        int gt = a.indexOf('>');
        return lt >= 0 && gt > lt ? a.substring(lt + 1, gt) : a.split(" ")[0];
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
