package org.mintpost.system.resilience;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.mintpost.system.Suite;

import com.icegreen.greenmail.util.GreenMail;

import jakarta.mail.internet.MimeMessage;

/**
 * Watches the SMTP sink: how many copies of each subject arrived, and when the first one was seen
 * (polled every 250 ms, so arrival times are accurate to about that).
 */
final class MailWatch implements AutoCloseable {

    final Map<String, Integer> copies = new ConcurrentHashMap<>();
    final Map<String, Long> firstSeenNanos = new ConcurrentHashMap<>();
    private final GreenMail sink;
    private final String prefix;
    private final Thread thread;
    private volatile boolean running = true;

    MailWatch(GreenMail sink, String prefix) {
        this.sink = sink;
        this.prefix = prefix;
        thread = new Thread(this::loop, "mail-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            poll();
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    synchronized void poll() {
        long now = System.nanoTime();
        Map<String, Integer> counted = new HashMap<>();
        for (MimeMessage message : sink.getReceivedMessages()) {
            String subject = Suite.subjectOf(message);
            if (subject != null && subject.startsWith(prefix)) {
                counted.merge(subject, 1, Integer::sum);
            }
        }
        for (Map.Entry<String, Integer> e : counted.entrySet()) {
            firstSeenNanos.putIfAbsent(e.getKey(), now);
            copies.put(e.getKey(), e.getValue());
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        poll();
    }
}
