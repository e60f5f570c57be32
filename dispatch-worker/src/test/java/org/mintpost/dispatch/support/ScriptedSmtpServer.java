package org.mintpost.dispatch.support;

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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small real SMTP server (plain sockets, one thread per connection) that answers each recipient
 * as its local part says:
 * <ul>
 * <li>{@code softN-…} : {@code 451 4.3.0} the first N times that address is seen, then accepted</li>
 * <li>{@code hard-…} : {@code 550 5.1.1} always</li>
 * <li>{@code dropN-…} : the connection is closed without a reply the first N times</li>
 * <li>{@code stallN-…} : no reply at all (until the client gives up) the first N times</li>
 * <li>{@code slowN-…} : accepted, but the replies to its RCPT and to the end of DATA each come
 * {@link #SLOW_REPLY_MILLIS} late, the first N times (every step in time, the whole dialogue slow)</li>
 * <li>{@code closeN-…} : accepted, then the server closes the connection after its {@code 250}, the first N
 * times (an upstream that hangs up an idle connection)</li>
 * <li>anything else: accepted</li>
 * </ul>
 */
public final class ScriptedSmtpServer implements AutoCloseable {

    private static final Pattern SCRIPT = Pattern.compile("^(soft|drop|stall|slow|close)(\\d+)-.*|^(hard)-.*");

    /** How late a {@code slowN-…} recipient's replies come. */
    public static final long SLOW_REPLY_MILLIS = 1200;

    /** One message the server accepted. */
    public record Received(String mailFrom, List<String> recipients, String data) {
    }

    private final ServerSocket server;
    private final String user;
    private final String password;
    private final AtomicInteger logins = new AtomicInteger();
    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger noops = new AtomicInteger();
    private volatile boolean closed;

    public ScriptedSmtpServer() throws IOException {
        this(false, null, null);
    }

    /**
     * @param tls      implicit TLS (GreenMail's self-signed test certificate)
     * @param user     when set, {@code AUTH PLAIN} or {@code AUTH LOGIN} with these credentials is
     *                 required before {@code MAIL} ({@code 530 5.7.0} otherwise)
     */
    public ScriptedSmtpServer(boolean tls, String user, String password) throws IOException {
        this.user = user;
        this.password = password;
        server = tls
                ? new com.icegreen.greenmail.util.DummySSLServerSocketFactory().createServerSocket(0, 200,
                        InetAddress.getLoopbackAddress())
                : new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "scripted-smtp-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public List<Received> received() {
        return received;
    }

    /** Successful AUTH exchanges. */
    public int logins() {
        return logins.get();
    }

    public int connections() {
        return connections.get();
    }

    /** NOOP commands received (a client checking a connection before it reuses it). */
    public int noops() {
        return noops.get();
    }

    /** How often a recipient address was offered in RCPT TO. */
    public int timesSeen(String address) {
        AtomicInteger n = seen.get(address.toLowerCase());
        return n == null ? 0 : n.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                Thread t = new Thread(() -> session(s), "scripted-smtp-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
            }
        }
    }

    private void session(Socket socket) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            reply(out, "220 scripted ESMTP ready");
            String from = null;
            boolean authenticated = user == null;
            boolean slow = false;
            boolean hangUp = false;
            List<String> rcpts = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String upper = line.toUpperCase();
                if (upper.startsWith("EHLO")) {
                    reply(out, "250-scripted\r\n250-8BITMIME\r\n" + (user == null ? "" : "250-AUTH PLAIN LOGIN\r\n")
                            + "250 SIZE 52428800");
                } else if (upper.startsWith("AUTH ") && user != null) {
                    authenticated = authenticate(line, in, out);
                    if (authenticated) {
                        logins.incrementAndGet();
                        reply(out, "235 2.7.0 Authentication successful");
                    } else {
                        reply(out, "535 5.7.8 Authentication credentials invalid");
                    }
                } else if (upper.startsWith("MAIL FROM:") && !authenticated) {
                    reply(out, "530 5.7.0 Authentication required");
                } else if (upper.startsWith("HELO")) {
                    reply(out, "250 scripted");
                } else if (upper.startsWith("MAIL FROM:")) {
                    from = address(line.substring(10));
                    rcpts.clear();
                    slow = false;
                    hangUp = false;
                    reply(out, "250 2.1.0 Ok");
                } else if (upper.startsWith("RCPT TO:")) {
                    String rcpt = address(line.substring(8));
                    int n = seen.computeIfAbsent(rcpt.toLowerCase(), k -> new AtomicInteger()).incrementAndGet();
                    Matcher m = SCRIPT.matcher(rcpt.toLowerCase());
                    if (m.matches() && m.group(3) != null) {
                        reply(out, "550 5.1.1 <" + rcpt + ">: Recipient address rejected: no such user");
                    } else if (m.matches() && n <= Integer.parseInt(m.group(2))) {
                        switch (m.group(1)) {
                            case "soft" -> reply(out, "451 4.3.0 <" + rcpt + ">: try again later");
                            case "drop" -> {
                                return;
                            }
                            case "close" -> {
                                hangUp = true;
                                rcpts.add(rcpt);
                                reply(out, "250 2.1.5 Ok");
                            }
                            case "slow" -> {
                                slow = true;
                                pause(SLOW_REPLY_MILLIS);
                                rcpts.add(rcpt);
                                reply(out, "250 2.1.5 Ok");
                            }
                            default -> {
                                while (in.readLine() != null) {
                                    // say nothing until the client hangs up
                                }
                                return;
                            }
                        }
                    } else {
                        rcpts.add(rcpt);
                        reply(out, "250 2.1.5 Ok");
                    }
                } else if (upper.equals("DATA")) {
                    reply(out, "354 End data with <CR><LF>.<CR><LF>");
                    StringBuilder data = new StringBuilder();
                    String d;
                    while ((d = in.readLine()) != null && !d.equals(".")) {
                        data.append(d.startsWith("..") ? d.substring(1) : d).append("\r\n");
                    }
                    received.add(new Received(from, List.copyOf(rcpts), data.toString()));
                    if (slow) {
                        pause(SLOW_REPLY_MILLIS);
                    }
                    reply(out, "250 2.0.0 Ok: queued");
                    if (hangUp) {
                        return;
                    }
                } else if (upper.startsWith("RSET")) {
                    rcpts.clear();
                    reply(out, "250 2.0.0 Ok");
                } else if (upper.startsWith("NOOP")) {
                    noops.incrementAndGet();
                    reply(out, "250 2.0.0 Ok");
                } else if (upper.startsWith("QUIT")) {
                    reply(out, "221 2.0.0 Bye");
                    return;
                } else {
                    reply(out, "502 5.5.2 Command not recognized");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private boolean authenticate(String line, BufferedReader in, OutputStream out) throws IOException {
        String[] parts = line.split(" ");
        java.util.Base64.Decoder b64 = java.util.Base64.getDecoder();
        if (parts[1].equalsIgnoreCase("PLAIN")) {
            String initial = parts.length > 2 ? parts[2] : null;
            if (initial == null) {
                reply(out, "334 ");
                initial = in.readLine();
            }
            String[] creds = new String(b64.decode(initial.strip()), StandardCharsets.UTF_8).split("\u0000");
            return creds.length == 3 && user.equals(creds[1]) && password.equals(creds[2]);
        }
        if (parts[1].equalsIgnoreCase("LOGIN")) {
            String name;
            if (parts.length > 2) {
                name = new String(b64.decode(parts[2].strip()), StandardCharsets.UTF_8);
            } else {
                reply(out, "334 VXNlcm5hbWU6");
                name = new String(b64.decode(in.readLine().strip()), StandardCharsets.UTF_8);
            }
            reply(out, "334 UGFzc3dvcmQ6");
            String pass = new String(b64.decode(in.readLine().strip()), StandardCharsets.UTF_8);
            return user.equals(name) && password.equals(pass);
        }
        return false;
    }

    private static String address(String arg) {
        String a = arg.strip();
        int lt = a.indexOf('<');
        int gt = a.indexOf('>');
        return lt >= 0 && gt > lt ? a.substring(lt + 1, gt) : a.split(" ")[0];
    }

    private static void pause(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
    }
}
