package org.mintpost.testing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real authoritative DNS server for tests, on dnsjava's wire format: UDP and TCP on one loopback port,
 * records set and removed by the test while it runs, and two failure modes per name: {@link #servfail}
 * (answers SERVFAIL) and {@link #silent} (never answers, so the client times out). A name with no record
 * at all is NXDOMAIN; a name with records of other types answers NOERROR with an empty answer. UDP answers
 * larger than 512 bytes are truncated (TC), so a resolver retries over TCP as with a real server. The
 * records live in its {@link DnsZone}: {@code dns.zone().txt(...)}.
 */
public final class DnsServer implements AutoCloseable {

    private final DnsZone zone = new DnsZone();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private volatile boolean running = true;

    private DnsServer(DatagramSocket udp, ServerSocket tcp) {
        this.udp = udp;
        this.tcp = tcp;
        daemon(this::serveUdp, "dns-udp-" + port()).start();
        daemon(this::serveTcp, "dns-tcp-" + port()).start();
    }

    /** Starts a server on a free loopback port (the same port for UDP and TCP). */
    public static DnsServer start() {
        for (int attempt = 0; attempt < 20; attempt++) {
            DatagramSocket udp = null;
            try {
                udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ServerSocket tcp = new ServerSocket();
                tcp.setReuseAddress(true);
                tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), udp.getLocalPort()));
                return new DnsServer(udp, tcp);
            } catch (IOException taken) {
                if (udp != null) {
                    udp.close();
                }
            }
        }
        throw new IllegalStateException("no free port for a test DNS server");
    }

    public int port() {
        return udp.getLocalPort();
    }

    /** {@code 127.0.0.1:<port>}, the form of {@code mintpost.dns.servers}. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    /** The records this server answers from: set, remove, make fail, count queries. */
    public DnsZone zone() {
        return zone;
    }

    private void serveUdp() {
        byte[] buffer = new byte[4096];
        while (running) {
            DatagramPacket in = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(in);
                byte[] query = Arrays.copyOf(in.getData(), in.getLength());
                byte[] out = zone.answer(query, true);
                if (out != null) {
                    udp.send(new DatagramPacket(out, out.length, in.getSocketAddress()));
                }
            } catch (IOException e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    private void serveTcp() {
        while (running) {
            try {
                Socket socket = tcp.accept();
                connections.add(socket);
                daemon(() -> serveConnection(socket), "dns-tcp-connection").start();
            } catch (IOException e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    private void serveConnection(Socket socket) {
        try (socket; DataInputStream in = new DataInputStream(socket.getInputStream());
                DataOutputStream out = new DataOutputStream(socket.getOutputStream())) {
            while (running) {
                byte[] query = new byte[in.readUnsignedShort()];
                in.readFully(query);
                byte[] answer = zone.answer(query, false);
                if (answer != null) {
                    out.writeShort(answer.length);
                    out.write(answer);
                    out.flush();
                }
            }
        } catch (IOException closed) {
            // the client is done
        } finally {
            connections.remove(socket);
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        running = false;
        udp.close();
        try {
            tcp.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Socket s : connections) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
