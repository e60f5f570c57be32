package org.mintpost.dispatch.direct;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mintpost.dispatch.client.MessageTransport;
import org.mintpost.dispatch.client.SmtpClient;
import org.mintpost.dispatch.client.SmtpResult;
import org.mintpost.dispatch.config.DispatchConfig;
import org.mintpost.dispatch.config.UpstreamSmtp;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Direct delivery to 10 local destinations (one SMTP server each, own loopback address, own domain) against
 * smarthost delivery to one server, same run, same sender threads and messages, the per-destination limits off and
 * on (defaults: 5 connections, 100 messages a connection, 600 a minute per destination). Prints mails/s per round.
 * Run: {@code ./mvnw -pl dispatch-worker -am test -Dbench=true -Dtest=DirectBench
 * -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.n=2000 -Dbench.threads=8]}.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class DirectBench {

    private static final int DESTINATIONS = 10;

    @Test
    void directToTenDestinationsAgainstSmarthostToOne() throws Exception {
        int n = Integer.getInteger("bench.n", 2000);
        int threads = Integer.getInteger("bench.threads", 8);
        try (DirectFixture net = new DirectFixture()) {
            for (int i = 0; i < DESTINATIONS; i++) {
                net.domain("d" + i + ".bench.test");
            }
            MxServer hub = new MxServer("127.0.0.40", net.port, null);
            UpstreamSmtp upstream = new UpstreamSmtp("127.0.0.40", net.port, Optional.empty(), Optional.empty(),
                    "DISABLED", false, false, threads, Duration.ofSeconds(300));
            SmtpClient smtp = new SmtpClient(upstream, dispatchConfig(threads));
            Map<String, MessageTransport> modes = new java.util.LinkedHashMap<>();
            modes.put("smarthost, one server", (job, m, from, rcpts) -> smtp.send(m, from, rcpts));
            DirectTransport off = net.transport(Map.of("mintpost.delivery.limits.enabled", "false"));
            DirectTransport on = net.transport(Map.of());
            modes.put("direct, 10 destinations, limits off", off::send);
            modes.put("direct, 10 destinations, limits on", on::send);
            ExecutorService senders = Executors.newFixedThreadPool(threads);
            for (int round = 0; round < 3; round++) {
                for (Map.Entry<String, MessageTransport> mode : modes.entrySet()) {
                    int count = round == 0 ? Math.max(100, n / 10) : n;
                    String label = (round == 0 ? "warm-up: " : "round " + round + ": ") + mode.getKey();
                    run(label, mode.getValue(), senders, count, round * 1_000_000);
                }
            }
            senders.shutdown();
            off.close();
            on.close();
            hub.close();
        }
    }

    private static void run(String label, MessageTransport transport, ExecutorService senders, int n, int offset)
            throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger deferred = new AtomicInteger();
        List<Mails> mails = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            mails.add(Mails.to(List.of("u" + (offset + i) + "@d" + (i % DESTINATIONS) + ".bench.test")));
        }
        long started = System.nanoTime();
        List<Future<?>> done = new ArrayList<>(n);
        for (Mails m : mails) {
            done.add(senders.submit(() -> {
                SmtpResult r = transport.send(m.job(), m.message(), m.returnPath(), m.recipients());
                (r.kind() == SmtpResult.Kind.ACCEPTED ? accepted : deferred).incrementAndGet();
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("DIRECT-BENCH %s: %d mails in %.2f s = %.0f mails/s (accepted %d, deferred %d)%n", label,
                n, seconds, n / seconds, accepted.get(), deferred.get());
    }

    private static DispatchConfig dispatchConfig(int threads) {
        Map<String, String> p = new HashMap<>();
        p.put("mintpost.dispatch.max-in-flight", Integer.toString(threads));
        p.put("mintpost.dispatch.send-timeout", "10s");
        return new SmallRyeConfigBuilder().withMapping(DispatchConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(p, "bench", 500)).build()
                .getConfigMapping(DispatchConfig.class);
    }
}
