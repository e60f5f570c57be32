package org.mintpost.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * How long after a call returned until the gateways refuse a token (DESIGN §4.2), seen from a client. Each probe
 * (one request to one gateway) has its own thread, which sends the request again as soon as it is answered, on
 * kept-alive connections, until the gateway answers 401. The moment the gateway began to refuse lies between two
 * client-side times, kept per probe in ms after the call returned: the send of the last request still accepted
 * (the token was live after it) and the arrival of the first refusal (it was dead before it). The second is the
 * figure a test may assert on: it can only overstate the delay, by at most one round trip.
 */
final class EdgeRefusals implements AutoCloseable {

    /** One request to one gateway, named for the report. */
    record Probe(String name, HttpRequest request) {
    }

    /** A project token's {@code GET /v1/ping} at one gateway. */
    static Probe ping(String name, Suite.Service gateway, String projectToken) {
        return new Probe(name, HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/ping"))
                .header("x-lettermint-token", projectToken).build());
    }

    /** A team token's Team API call at one gateway (forwarded to token-service while the token is live). */
    static Probe teamApi(String name, Suite.Service gateway, String teamToken) {
        return new Probe(name, HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/projects?per_page=1"))
                .header("Authorization", "Bearer " + teamToken).build());
    }

    /**
     * One probe's bounds in ms after the call returned: refused by {@code refusedBy} at the latest (the refusing
     * request was sent at {@code refusalSentAt}); a request sent {@code lastAcceptedSentAt} after the return was
     * still accepted ({@code acceptedAfterReturn} of them in all; 0 and 0 when the first request after the return
     * was already refused).
     */
    record Bounds(String name, double refusedBy, double refusalSentAt, double lastAcceptedSentAt,
            int acceptedAfterReturn) {
    }

    /** Every probe's bounds; {@link #refusedBy()} is when all of them were refused. */
    record Watch(List<Bounds> probes) {

        double refusedBy() {
            return probes.stream().mapToDouble(Bounds::refusedBy).max().orElse(0);
        }

        double lastAcceptedSentAt() {
            return probes.stream().mapToDouble(Bounds::lastAcceptedSentAt).max().orElse(0);
        }

        int acceptedAfterReturn() {
            return probes.stream().mapToInt(Bounds::acceptedAfterReturn).sum();
        }

        @Override
        public String toString() {
            return probes.stream().map(b -> String.format("%s refused by %.1f ms (asked at %.1f ms; %d accepted"
                    + " after the return%s)", b.name(), b.refusedBy(), b.refusalSentAt(), b.acceptedAfterReturn(),
                    b.acceptedAfterReturn() == 0 ? "" : String.format(", the last asked at %.1f ms",
                            b.lastAcceptedSentAt()))).collect(Collectors.joining("; "));
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "edge-refusal-probe");
        thread.setDaemon(true);
        return thread;
    });

    /** Sends every probe once, all at the same time (opening the connections a watch reuses): their statuses. */
    List<Integer> statuses(List<Probe> probes) throws Exception {
        List<Future<Integer>> answers = new ArrayList<>();
        for (Probe probe : probes) {
            answers.add(threads.submit(() -> status(probe)));
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> answer : answers) {
            statuses.add(answer.get());
        }
        return statuses;
    }

    /**
     * Watches every probe from {@code returnedAt} ({@link System#nanoTime()} when the call returned) until it is
     * refused; fails when one is still accepted after {@code limit} or answers anything but 200 or 401.
     */
    Watch watch(long returnedAt, List<Probe> probes, Duration limit) throws Exception {
        List<Future<Bounds>> watched = new ArrayList<>();
        for (Probe probe : probes) {
            watched.add(threads.submit(() -> watchOne(probe, returnedAt, returnedAt + limit.toNanos())));
        }
        List<Bounds> bounds = new ArrayList<>();
        for (Future<Bounds> one : watched) {
            bounds.add(one.get());
        }
        return new Watch(bounds);
    }

    private Bounds watchOne(Probe probe, long returnedAt, long deadline) throws Exception {
        long lastAcceptedSent = returnedAt;
        int accepted = 0;
        while (true) {
            long sent = System.nanoTime();
            int status = status(probe);
            long received = System.nanoTime();
            if (status == 401) {
                return new Bounds(probe.name(), millis(received - returnedAt), millis(sent - returnedAt),
                        millis(lastAcceptedSent - returnedAt), accepted);
            }
            if (status != 200) {
                throw new IllegalStateException(probe.name() + " answered " + status);
            }
            accepted++;
            lastAcceptedSent = sent;
            if (received > deadline) {
                throw new IllegalStateException(String.format("%s was still accepted %.0f ms after the call returned",
                        probe.name(), millis(received - returnedAt)));
            }
        }
    }

    private int status(Probe probe) throws Exception {
        return http.send(probe.request(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
