package org.mintpost.system.resilience;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A steady load of {@code POST /v1/send} as a careful client sends it: every message has its own
 * {@code Idempotency-Key} and is retried with that key (connection refused, 5xx, 409 still in flight,
 * 429) until it gets a {@code 202} or gives up after {@code giveUpAfter}. Records what happened.
 */
final class SendLoad implements AutoCloseable {

    /** What the client saw for one message. */
    static final class Outcome {
        final int seq;
        final long firstAttemptNanos;
        volatile long acceptedNanos;
        volatile int attempts;
        volatile int lastStatus;
        volatile boolean gaveUp;
        final Set<String> messageIds = ConcurrentHashMap.newKeySet();

        Outcome(int seq, long firstAttemptNanos) {
            this.seq = seq;
            this.firstAttemptNanos = firstAttemptNanos;
        }

        boolean accepted() {
            return acceptedNanos != 0;
        }
    }

    /** One answer (or none: status -1) to one attempt, by when it was sent. */
    record Answer(long sentNanos, long millis, int status, boolean retryAfter) {
        boolean failed() {
            return status < 0 || status >= 500;
        }
    }

    final String run;
    final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    final Map<Integer, Outcome> outcomes = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    private final Supplier<String> edge;
    private final String token;
    private final Duration giveUpAfter;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();
    private final AtomicInteger nextSeq = new AtomicInteger();
    private final ExecutorService workers;
    private final Pacer pacer;

    SendLoad(String run, Supplier<String> edge, String token, int perSecond, int clients, Duration giveUpAfter) {
        this.run = run;
        this.edge = edge;
        this.token = token;
        this.pacer = new Pacer("load-pacer", perSecond);
        this.giveUpAfter = giveUpAfter;
        this.workers = Executors.newFixedThreadPool(clients);
        for (int i = 0; i < clients; i++) {
            workers.submit(this::client);
        }
    }

    static String subject(String run, int seq) {
        return "resilience " + run + " #" + seq;
    }

    private void client() {
        while (pacer.running()) {
            try {
                if (!pacer.next()) {
                    continue;
                }
            } catch (InterruptedException e) {
                return;
            }
            int seq = nextSeq.getAndIncrement();
            send(seq);
        }
    }

    private void send(int seq) {
        Outcome outcome = new Outcome(seq, System.nanoTime());
        outcomes.put(seq, outcome);
        String key = run + "-" + seq;
        String body = "{\"from\":\"Load <load@example.com>\",\"to\":[\"inbox@example.org\"],\"subject\":\""
                + subject(run, seq) + "\",\"text\":\"Load message " + seq + ".\"}";
        long deadline = outcome.firstAttemptNanos + giveUpAfter.toNanos();
        while (true) {
            outcome.attempts++;
            long backoff = 250;
            long sent = System.nanoTime();
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(edge.get() + "/v1/send"))
                        .timeout(Duration.ofSeconds(30))
                        .header("x-lettermint-token", token)
                        .header("Idempotency-Key", key)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                outcome.lastStatus = status;
                answers.add(new Answer(sent, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent), status,
                        response.headers().firstValue("Retry-After").isPresent()));
                if (status == 202) {
                    outcome.messageIds.add(ResilienceEnv.field(response.body(), "message_id"));
                    outcome.acceptedNanos = System.nanoTime();
                    return;
                }
                if (status == 429) {
                    backoff = 1000L * response.headers().firstValueAsLong("Retry-After").orElse(1);
                } else if (status != 409 && status < 500) {
                    unexpected.add("#" + seq + ": " + status + " " + response.body());
                    return;
                }
            } catch (IOException e) {
                outcome.lastStatus = -1;
                answers.add(new Answer(sent, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent), -1, false));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (System.nanoTime() > deadline) {
                outcome.gaveUp = true;
                return;
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Accepted times, in order. */
    List<Long> acceptedTimes() {
        List<Long> times = new ArrayList<>();
        for (Outcome o : outcomes.values()) {
            if (o.accepted()) {
                times.add(o.acceptedNanos);
            }
        }
        times.sort(null);
        return times;
    }

    /** Stops issuing new messages and waits for the ones in progress (retrying) to finish. */
    @Override
    public void close() throws InterruptedException {
        pacer.close();
        workers.shutdown();
        if (!workers.awaitTermination(giveUpAfter.toSeconds() + 60, TimeUnit.SECONDS)) {
            workers.shutdownNow();
        }
    }
}
