package org.mintpost.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Postfix's {@code smtp-sink} as an upstream SMTP server of the test's own, in a process of its own on a free
 * loopback port, so a test can pause it ({@code kill -STOP}: connections stay open, nothing answers, a hung
 * upstream) and resume it. Every mail it accepts is dumped to a file of its own ({@code -d}), which
 * {@link #received()} reads.
 */
public final class SmtpSink implements AutoCloseable {

    private final int port;
    private final Path dumps;
    private final Process process;

    private SmtpSink(int port, Path dumps, Process process) {
        this.port = port;
        this.dumps = dumps;
        this.process = process;
    }

    /** Starts one on a free port (Debian package {@code postfix}); it greets when this returns. */
    public static SmtpSink start() {
        Path binary = Path.of("/usr/sbin/smtp-sink");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("smtp-sink is missing: apt-get install -y postfix");
        }
        try {
            int port = Signal.freePort();
            Path dir = Files.createTempDirectory("mintpost-smtp-sink",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
            // smtp-sink drops to the user it is given and writes its dumps as that user
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            Path log = dir.resolve("smtp-sink.log");
            List<String> command = new ArrayList<>(List.of(binary.toString()));
            if (Signal.root()) {
                command.addAll(List.of("-u", "nobody"));
            }
            command.addAll(List.of("-d", dir.resolve("mail-%H%M%S-").toString(), "127.0.0.1:" + port, "256"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            SmtpSink sink = new SmtpSink(port, dir, process);
            // a Quarkus test may make one in a class loader whose test resource never closes it: gone with the JVM
            Runtime.getRuntime().addShutdownHook(new Thread(sink::close, "smtp-sink-stop"));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!sink.greets()) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    Signal.kill(process);
                    throw new IllegalStateException("smtp-sink did not start on port " + port + "; see " + log);
                }
                Thread.sleep(50);
            }
            return sink;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code kill -STOP}: the upstream hangs. */
    public void pause() {
        Signal.send(process, "STOP");
    }

    /** {@code kill -CONT}: the upstream answers again. */
    public void resume() {
        Signal.send(process, "CONT");
    }

    /** The mails accepted so far, each as its dump file's text (envelope and message). */
    public List<String> received() {
        List<String> mails = new ArrayList<>();
        try (Stream<Path> files = Files.list(dumps)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("mail-")).toList()) {
                mails.add(Files.readString(file, StandardCharsets.ISO_8859_1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return mails;
    }

    private boolean greets() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(1_000);
            byte[] greeting = new byte[3];
            return socket.getInputStream().readNBytes(greeting, 0, 3) == 3
                    && "220".equals(new String(greeting, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        Signal.kill(process);
    }
}
