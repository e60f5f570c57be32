package org.mintpost.system.resilience;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests made twice a second while a part is down or hung, each on its own thread so a hung answer does not
 * hold the next: what they answered and how long they took (an answer not come within 30 s counts as -1).
 */
final class Probe implements AutoCloseable {

    /** One request of the probe. */
    record Call(String name, int status, long millis, boolean retryAfter, String subject) {
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicInteger seq = new AtomicInteger();
    private final Thread pacer;
    private volatile boolean running = true;

    /** {@code requests}: name → a request builder given a sequence number (and the subject it sends, or null). */
    Probe(Map<String, java.util.function.IntFunction<Request>> requests) {
        pacer = new Thread(() -> {
            while (running) {
                for (Map.Entry<String, java.util.function.IntFunction<Request>> e : requests.entrySet()) {
                    int n = seq.incrementAndGet();
                    Request request = e.getValue().apply(n);
                    Thread t = new Thread(() -> call(e.getKey(), request), "probe-" + e.getKey());
                    t.setDaemon(true);
                    threads.add(t);
                    t.start();
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException ex) {
                    return;
                }
            }
        }, "probe-pacer");
        pacer.setDaemon(true);
        pacer.start();
    }

    /** A request and the subject of the mail it sends (null when it sends none). */
    record Request(HttpRequest request, String subject) {
    }

    static HttpRequest.Builder to(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    }

    private void call(String name, Request request) {
        long sent = System.nanoTime();
        int status;
        boolean retryAfter = false;
        try {
            HttpResponse<String> response = http.send(request.request(), HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            retryAfter = response.headers().firstValue("Retry-After").isPresent();
        } catch (IOException e) {
            status = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        calls.add(new Call(name, status, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent), retryAfter,
                request.subject()));
    }

    List<Call> of(String name) {
        return calls.stream().filter(c -> c.name().equals(name)).toList();
    }

    /** "name: n calls, statuses {…}, slowest x ms" for each name. */
    String summary() {
        StringBuilder b = new StringBuilder();
        calls.stream().map(Call::name).distinct().forEach(name -> {
            List<Call> mine = of(name);
            Map<Integer, Long> statuses = new java.util.TreeMap<>();
            mine.forEach(c -> statuses.merge(c.status(), 1L, Long::sum));
            long slowest = mine.stream().mapToLong(Call::millis).max().orElse(0);
            long withRetryAfter = mine.stream().filter(c -> c.status() == 503 && c.retryAfter()).count();
            b.append(b.length() == 0 ? "" : "; ").append(name).append(": ").append(mine.size())
                    .append(" calls, statuses ").append(statuses).append(", slowest ").append(slowest).append(" ms");
            if (statuses.containsKey(503)) {
                b.append(", ").append(withRetryAfter).append(" of the 503 with Retry-After");
            }
        });
        return b.toString();
    }

    /** No more requests; the ones in flight go on. */
    void stopIssuing() throws InterruptedException {
        running = false;
        pacer.interrupt();
        pacer.join(5000);
    }

    @Override
    public void close() throws InterruptedException {
        stopIssuing();
        for (Thread t : threads) {
            t.join(35_000);
        }
    }
}
