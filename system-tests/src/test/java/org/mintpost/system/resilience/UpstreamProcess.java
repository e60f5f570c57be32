package org.mintpost.system.resilience;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.mintpost.system.RejectingGreenMail;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * The upstream SMTP server of the resilience suite in a JVM of its own, so that it can hang ({@code kill -STOP}:
 * its connections stay open, the kernel accepts new ones, nothing answers) and resume ({@code kill -CONT}). It is
 * the suite's {@link RejectingGreenMail} ({@code 451} for {@code defer-} recipients, {@code 550} for
 * {@code reject-}), started by {@link #main} with this test classpath; each message it accepts is a file in a
 * hand-off directory before its {@code 250}, which {@link #feed} moves into the suite's in-JVM sink, where the
 * tests count deliveries as before.
 */
final class UpstreamProcess implements AutoCloseable {

    /** Its mailbox in the in-JVM sink: every message the upstream accepted. */
    static final String MAILBOX = "upstream@resilience.test";

    final int port;
    private final Path handoff;
    private final Process process;
    private Thread importer;
    private volatile boolean running = true;

    private UpstreamProcess(int port, Path handoff, Process process) {
        this.port = port;
        this.handoff = handoff;
        this.process = process;
    }

    /** The child: {@code <port> <hand-off directory>}; runs until killed. */
    public static void main(String[] args) throws InterruptedException {
        RejectingGreenMail server = new RejectingGreenMail(new ServerSetup(Integer.parseInt(args[0]), "127.0.0.1",
                ServerSetup.PROTOCOL_SMTP), Path.of(args[1]));
        server.start();
        System.out.println("upstream SMTP listening on 127.0.0.1:" + args[0]);
        Thread.currentThread().join();
    }

    /** Starts the child JVM (its output to {@code log}); it greets when this returns. */
    static UpstreamProcess start(Path dir, Path log) throws IOException, InterruptedException {
        KafkaProcess.deleteRecursively(dir);
        Path handoff = Files.createDirectories(dir.resolve("handoff"));
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), UpstreamProcess.class.getName(), Integer.toString(port),
                handoff.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        UpstreamProcess upstream = new UpstreamProcess(port, handoff, process);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!upstream.greets()) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                process.destroyForcibly();
                throw new IllegalStateException("the upstream SMTP process did not start on port " + port + "; see "
                        + log);
            }
            Thread.sleep(200);
        }
        return upstream;
    }

    /** From now on, every message the upstream accepted lands in {@code sink} (mailbox {@link #MAILBOX}). */
    synchronized void feed(GreenMail sink) {
        GreenMailUser user = sink.setUser(MAILBOX, MAILBOX, "unused");
        Session session = Session.getInstance(new Properties());
        importer = new Thread(() -> {
            while (running) {
                importAll(user, session);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "upstream-import");
        importer.setDaemon(true);
        importer.start();
    }

    private void importAll(GreenMailUser user, Session session) {
        List<Path> files;
        try (Stream<Path> all = Files.list(handoff)) {
            files = all.filter(f -> f.getFileName().toString().endsWith(".eml")).sorted().toList();
        } catch (IOException e) {
            return;
        }
        for (Path file : files) {
            // a file not imported stays for the next round (and is counted as not delivered if it never is)
            try (InputStream in = Files.newInputStream(file)) {
                user.deliver(new MimeMessage(session, in));
            } catch (IOException | MessagingException e) {
                System.err.println("upstream hand-off: could not import " + file + ": " + e);
                return;
            }
            try {
                Files.delete(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    long pid() {
        return process.pid();
    }

    /** {@code kill -STOP}: the upstream hangs. */
    void pause() {
        Signals.send("STOP", process.pid());
    }

    /** {@code kill -CONT}: it answers again. */
    void resume() {
        Signals.send("CONT", process.pid());
    }

    private boolean greets() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(2000);
            byte[] greeting = new byte[3];
            return socket.getInputStream().readNBytes(greeting, 0, 3) == 3 && greeting[0] == '2';
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        if (importer != null) {
            importer.interrupt();
        }
        Signals.send("CONT", process.pid());
        process.destroyForcibly();
    }
}
