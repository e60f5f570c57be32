package org.mintpost.system.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.mintpost.system.RejectingGreenMail;
import org.mintpost.system.Suite;

import com.icegreen.greenmail.util.ServerSetup;

/**
 * The resilience suite's upstream in a JVM of its own: it answers as the suite's sink ({@code 250} and the
 * message in the in-JVM sink, {@code 451} for a {@code defer-} recipient), hangs when paused (a new connection
 * is never greeted) and, resumed, answers and delivers what waited.
 */
class UpstreamProcessTest {

    @Test
    void answersAsTheSinkHangsWhenPausedAndDeliversWhenResumed() throws Exception {
        Path root = Path.of(System.getProperty("mintpost.root", "..")).toAbsolutePath().normalize();
        Path dir = root.resolve("system-tests/target/upstream-process-test");
        RejectingGreenMail sink = new RejectingGreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)
                .dynamicPort());
        sink.start();
        try (UpstreamProcess upstream = UpstreamProcess.start(dir, root.resolve("system-tests/target/upstream-test.log"))) {
            upstream.feed(sink);
            try (Socket socket = new Socket("127.0.0.1", upstream.port)) {
                socket.setSoTimeout(10_000);
                Session s = new Session(socket);
                assertTrue(s.reply().startsWith("220"));
                assertTrue(s.say("EHLO test").startsWith("250"));
                assertTrue(s.say("MAIL FROM:<a@example.com>").startsWith("250"));
                assertTrue(s.say("RCPT TO:<defer-x@example.org>").startsWith("451"), "greylisted");
                assertTrue(s.say("RCPT TO:<inbox@example.org>").startsWith("250"));
                assertTrue(s.say("DATA").startsWith("354"));
                assertTrue(s.say("Subject: upstream one\r\n\r\nHello.\r\n.").startsWith("250"));
            }
            awaitSubject(sink, "upstream one");

            upstream.pause();
            try (Socket socket = new Socket("127.0.0.1", upstream.port)) {
                socket.setSoTimeout(1_000);
                Session s = new Session(socket);
                try {
                    s.reply();
                    throw new AssertionError("a paused upstream greeted");
                } catch (SocketTimeoutException expected) {
                    // hung: connected, never greeted
                }
                upstream.resume();
                socket.setSoTimeout(10_000);
                assertTrue(s.reply().startsWith("220"), "greeted once resumed");
                assertTrue(s.say("HELO test").startsWith("250"));
                assertTrue(s.say("MAIL FROM:<a@example.com>").startsWith("250"));
                assertTrue(s.say("RCPT TO:<inbox@example.org>").startsWith("250"));
                assertTrue(s.say("DATA").startsWith("354"));
                assertTrue(s.say("Subject: upstream two\r\n\r\nHello.\r\n.").startsWith("250"));
            }
            awaitSubject(sink, "upstream two");
            assertEquals(2, sink.getReceivedMessages().length);
        } finally {
            sink.stop();
        }
    }

    private static void awaitSubject(RejectingGreenMail sink, String subject) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Arrays.stream(sink.getReceivedMessages()).noneMatch(m -> subject.equals(Suite.subjectOf(m)))) {
            assertTrue(System.nanoTime() < deadline, "never reached the in-JVM sink: " + subject);
            Thread.sleep(100);
        }
    }

    /** One line out, the last line of the reply back. */
    private record Session(Socket socket, BufferedReader in, OutputStream out) {

        Session(Socket socket) throws IOException {
            this(socket, new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)),
                    socket.getOutputStream());
        }

        String say(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return reply();
        }

        String reply() throws IOException {
            String line;
            do {
                line = in.readLine();
            } while (line != null && line.length() > 3 && line.charAt(3) == '-');
            return String.valueOf(line);
        }
    }
}
