package org.mintpost.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Debian's {@code dnsmasq} as the DNS server of the test, in a process of its own on a free loopback port (UDP
 * and TCP), so a test can pause it ({@code kill -STOP}: nothing answers, TCP connections stay open, a hung DNS
 * server) and resume it. It answers for the names under {@code local} from the records set here
 * ({@link #txt}, {@link #cname}; {@link #apply} restarts it on the same port with them) and NXDOMAIN for the rest
 * of that domain. {@link DnsServer} is the in-JVM server for tests that change records at every step.
 */
public final class Dnsmasq implements AutoCloseable {

    private final int port;
    private final String local;
    private final Path dir;
    private final List<String> records = new ArrayList<>();
    private Process process;

    private Dnsmasq(int port, String local, Path dir) {
        this.port = port;
        this.local = local;
        this.dir = dir;
    }

    /** Starts one answering for the names under {@code local} (e.g. {@code example}), with no record yet. */
    public static Dnsmasq start(String local) {
        Path binary = Path.of("/usr/sbin/dnsmasq");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("dnsmasq is missing: apt-get install -y dnsmasq");
        }
        try {
            Dnsmasq dns = new Dnsmasq(Signal.freePort(), local, Files.createTempDirectory("mintpost-dnsmasq"));
            // a Quarkus test may make one in a class loader whose test resource never closes it: gone with the JVM
            Runtime.getRuntime().addShutdownHook(new Thread(dns::close, "dnsmasq-stop"));
            dns.apply();
            return dns;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 127.0.0.1:<port>}, the form of {@code mintpost.dns.servers}. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /** A TXT record (split into strings of 255 characters as DNS requires); in force after {@link #apply}. */
    public synchronized Dnsmasq txt(String name, String value) {
        StringBuilder line = new StringBuilder("txt-record=").append(bare(name));
        for (int i = 0; i < value.length(); i += 255) {
            line.append(",\"").append(value, i, Math.min(value.length(), i + 255)).append('"');
        }
        records.add(line.toString());
        return this;
    }

    /** A CNAME record; in force after {@link #apply}. */
    public synchronized Dnsmasq cname(String name, String target) {
        records.add("cname=" + bare(name) + "," + bare(target));
        return this;
    }

    /** (Re)starts dnsmasq on its port with the records set so far; it answers when this returns. */
    public synchronized void apply() {
        Signal.kill(process);
        try {
            List<String> conf = new ArrayList<>(List.of("local=/" + local + "/"));
            conf.addAll(records);
            Path file = dir.resolve("dnsmasq.conf");
            Files.write(file, conf);
            Path log = dir.resolve("dnsmasq.log");
            List<String> command = new ArrayList<>(List.of("/usr/sbin/dnsmasq", "--keep-in-foreground",
                    "--conf-file=" + file, "--port=" + port, "--listen-address=127.0.0.1", "--bind-interfaces",
                    "--no-resolv", "--no-hosts", "--pid-file=", "--log-facility=-"));
            if (Signal.root()) {
                command.add("--user=nobody");
            }
            process = Signal.startAndAwait(command, log.toFile(), this::answers, "dnsmasq on port " + port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code kill -STOP}: the DNS server hangs. */
    public void pause() {
        Signal.send(process, "STOP");
    }

    /** {@code kill -CONT}: it answers again. */
    public void resume() {
        Signal.send(process, "CONT");
    }

    /** Whether a query over UDP for a name of its domain gets an answer within half a second. */
    private boolean answers() {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(500);
            byte[] query = Message.newQuery(Record.newRecord(Name.fromString("probe." + local + "."), Type.TXT, 1))
                    .toWire();
            socket.send(new DatagramPacket(query, query.length, new InetSocketAddress("127.0.0.1", port)));
            socket.receive(new DatagramPacket(new byte[512], 512));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String bare(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    @Override
    public synchronized void close() {
        Signal.kill(process);
    }
}
