package org.mintpost.system.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.contracts.kafka.JsonSerializer;
import org.mintpost.contracts.token.TokenFormat;
import org.mintpost.system.Suite;

import jakarta.mail.internet.MimeMessage;

/**
 * DESIGN §4.2–4.3 under faults. A steady load of sends (each with its own Idempotency-Key, retried
 * by the client) runs while, one after the other: a dispatch-worker is {@code kill -9}ed and started
 * again; the send-gateway is {@code kill -9}ed and started again (and must be ready only after its
 * token map caught up); token-service is {@code kill -9}ed between revocations; the Kafka broker is
 * stopped for several seconds and started again. Then: every {@code 202} was delivered at least once,
 * duplicates stay under 0.1 %, no request sent more than 100 ms after a revoke call returned was accepted
 * with the revoked token (DESIGN §4), and each revoked token is seen refused within
 * {@code resilience.revocation-bound-ms} (1000: that includes the round trip of the request that sees it,
 * which under this load can itself take 100+ ms). Figures are printed and written to {@code docs/resilience.md}.
 *
 * <p>Knobs (system properties): {@code resilience.rate} (sends/s, default 40), {@code resilience.smtp-rate} (5),
 * {@code resilience.kafka-down-seconds} (8), {@code resilience.min-load-seconds} (180),
 * {@code resilience.revocation-bound-ms} (1000).
 */
@Order(1)
class FaultInjectionIT {

    static final int RATE = Integer.getInteger("resilience.rate", 40);
    static final int KAFKA_DOWN_SECONDS = Integer.getInteger("resilience.kafka-down-seconds", 8);
    static final long REVOCATION_BOUND_MS = Long.getLong("resilience.revocation-bound-ms", 1000);
    /** DESIGN §4: no request sent later than this after the revoke call returned may be accepted. */
    static final long DESIGN_REVOCATION_BOUND_MS = 100;
    static final int SMTP_RATE = Integer.getInteger("resilience.smtp-rate", 5);
    /**
     * The load runs at least this long (faults are rare next to traffic): one worker kill's catch, a few
     * deliveries, is then measured against minutes of load, not against however fast the faults recovered.
     */
    static final int MIN_LOAD_SECONDS = Integer.getInteger("resilience.min-load-seconds", 180);

    final ResilienceEnv env = ResilienceEnv.shared();
    final Suite suite = env.suite;
    final List<Double> revocationMillis = Collections.synchronizedList(new ArrayList<>());
    /** Per revocation: how long after the revoke call returned the last request still accepted was sent. */
    final List<Double> acceptedAfterMillis = Collections.synchronizedList(new ArrayList<>());
    final List<String> revokedTokens = new ArrayList<>();
    final List<String> revocationFailures = new ArrayList<>();
    final Map<String, Fault> faults = new LinkedHashMap<>();
    String projectId;

    /** One injected fault: when, how long until the service was ready again. */
    static final class Fault {
        long injectedNanos;
        long restartedNanos;
        long readyMillis;
        String note = "";
    }

    @Test
    void nothingAcceptedIsLostAndNoRevokedTokenGetsInThroughCrashesAndABrokerRestart() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> project = env.team("POST", "/v1/projects", "{\"name\":\"Resilience " + run + "\"}");
        assertEquals(201, project.statusCode(), project.body());
        projectId = ResilienceEnv.field(project.body(), "id");
        String loadToken = ResilienceEnv.field(project.body(), "api_token");
        // the load's own token: the per-token limit is far above the load
        HttpResponse<String> smtpProject = env.team("POST", "/v1/projects",
                "{\"name\":\"Resilience SMTP " + run + "\",\"smtp_enabled\":true}");
        assertEquals(201, smtpProject.statusCode(), smtpProject.body());
        String smtpToken = ResilienceEnv.field(smtpProject.body(), "api_token");
        long started = System.nanoTime();

        SendLoad load;
        SmtpLoad smtpLoad;
        try (MailWatch mails = new MailWatch(suite.smtpSink, "resilience " + run + " ")) {
            load = new SendLoad(run, env::edge, loadToken, RATE, 12, Duration.ofSeconds(240));
            // the same faults hit a steady load through the SMTP relay (its own project and token)
            smtpLoad = new SmtpLoad(run, suite::smtpStartTlsPort, smtpToken, SMTP_RATE, 3, Duration.ofSeconds(240));
            sleepSeconds(8);
            revocationRounds(4);

            // 1. a dispatch-worker dies mid-load and comes back
            Suite.Service worker = suite.services.get("dispatch-worker");
            faults.put("dispatch-worker kill -9", restart(worker, 3));
            revocationRounds(3);

            // 2. the gateway dies; clients retry with their keys; it must be ready only after catching up
            faults.put("send-gateway kill -9", restartGatewayWithCatchUpCheck());
            revocationRounds(3);

            // 3. token-service dies between revocations: revoked tokens stay refused while it is down
            faults.put("token-service kill -9", restartTokenServiceBetweenRevocations());
            revocationRounds(3);

            // 4. the broker stops for several seconds and comes back
            faults.put("Kafka broker stop " + KAFKA_DOWN_SECONDS + " s", restartBroker());
            revocationRounds(3);

            sleepSeconds(8);
            long ran = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            if (ran < MIN_LOAD_SECONDS) {
                sleepSeconds((int) (MIN_LOAD_SECONDS - ran));
            }
            load.close();
            smtpLoad.close();

            // every accepted message delivered, waiting as long as it takes within reason
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (undelivered(load, mails) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                mails.poll();
            }
            // the SMTP messages are counted at the sink only now: a second watcher polling through the load
            // costs the loaded machine CPU the worker needs
            Map<String, Integer> smtpMails = smtpCopies(run);
            while (smtpUndelivered(smtpLoad, smtpMails) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                smtpMails = smtpCopies(run);
            }
            sleepSeconds(3); // late duplicates
            mails.poll();
            smtpMails = smtpCopies(run);

            // figures
            int sent = load.outcomes.size();
            long accepted = load.outcomes.values().stream().filter(SendLoad.Outcome::accepted).count();
            long gaveUp = load.outcomes.values().stream().filter(o -> o.gaveUp).count();
            long retried = load.outcomes.values().stream().filter(o -> o.attempts > 1).count();
            long lost = undelivered(load, mails);
            long delivered = mails.copies.size();
            long copies = mails.copies.values().stream().mapToLong(Integer::longValue).sum();
            long duplicates = copies - delivered;
            long idsChanged = load.outcomes.values().stream().filter(o -> o.messageIds.size() > 1).count();
            double duplicateRatio = delivered == 0 ? 0 : (double) duplicates / delivered;
            Collections.sort(revocationMillis);
            String report = report(run, started, sent, accepted, gaveUp, retried, delivered, duplicates,
                    duplicateRatio, idsChanged, lost, load, mails) + smtpReport(smtpLoad, smtpMails);
            System.out.println(report);
            writeReport(report);
            List<String> duplicateTimelines = duplicateTimelines(load, mails);
            duplicateTimelines.forEach(System.out::println);

            // the promises
            assertTrue(load.unexpected.isEmpty(), "unexpected answers to valid sends: " + load.unexpected);
            assertEquals(0, lost, "accepted (202) but never delivered: " + lostList(load, mails));
            assertTrue(accepted > sent * 0.9, "the load mostly got through: " + accepted + " of " + sent);
            // Duplicates: a redelivered job (worker crash, broker restart) is skipped by the workers' delivered
            // ledger, and a client's retry after a gateway crash publishes the same message id again
            // (idempotency takeover). What is left: deliveries caught by a worker's kill between the sink's 250
            // and the ledger write, which the SMTP thread makes at once. Each window stays within 5 s of load,
            // and the overall ratio under 0.1 % (DESIGN §4).
            Map<String, Integer> byWindow = duplicatesByWindow(load, mails);
            for (Map.Entry<String, Integer> e : byWindow.entrySet()) {
                assertTrue(e.getValue() <= 5 * RATE, "duplicates after " + e.getKey() + ": " + byWindow);
            }
            assertEquals(0, idsChanged, "a retry with its Idempotency-Key got a second message_id");
            long smtpUnique = smtpMails.size();
            long smtpDuplicates = smtpMails.values().stream().mapToLong(Integer::longValue).sum() - smtpUnique;
            double overall = (double) (duplicates + smtpDuplicates) / Math.max(1, delivered + smtpUnique);
            System.out.printf(Locale.ROOT, "duplicates: %d (API) + %d (SMTP) of %d deliveries = %.3f %% (target < 0.1 %%)%n",
                    duplicates, smtpDuplicates, delivered + smtpUnique, overall * 100);
            // the failure says where the duplicates came from (CI keeps only the end of the output)
            assertTrue(overall < 0.001, String.format(Locale.ROOT, "duplicates %.3f %% (bound 0.1 %%): %d (API) + %d (SMTP);"
                    + " API duplicates by the fault window their message was first sent in: %s; the first of them: %s",
                    overall * 100, duplicates, smtpDuplicates, byWindow,
                    duplicateTimelines.stream().limit(3).toList()));
            assertTrue(revocationFailures.isEmpty(), "revocations: " + revocationFailures);
            for (String token : revokedTokens) {
                assertEquals(401, env.ping(suite.gateway(), token), "a revoked token is refused at the end of the run");
            }
            for (Suite.Service s : suite.services.values()) {
                assertEquals(200, env.call("GET", s.baseUrl() + "/q/health/ready", null, null, null).statusCode(),
                        s.name + " is ready at the end");
            }

            // the SMTP load: every 250 delivered at least once
            assertTrue(smtpLoad.unexpected.isEmpty(), "unexpected SMTP replies to valid messages: " + smtpLoad.unexpected);
            Map<String, Integer> smtpDelivered = smtpMails;
            assertEquals(0, smtpUndelivered(smtpLoad, smtpMails), "SMTP 250 but never delivered: "
                    + smtpLoad.outcomes.values().stream().filter(o -> o.accepted()
                            && !smtpDelivered.containsKey(SmtpLoad.subject(run, o.seq)))
                            .map(o -> o.seq + " " + o.queueIds).limit(50).toList());
            long smtpAccepted = smtpLoad.outcomes.values().stream().filter(SmtpLoad.Outcome::accepted).count();
            assertTrue(smtpAccepted > smtpLoad.outcomes.size() * 0.9, "the SMTP load mostly got through: "
                    + smtpAccepted + " of " + smtpLoad.outcomes.size());
        }
    }

    // --- SMTP load --------------------------------------------------------------------------------

    /** Copies per subject of this run's SMTP messages at the sink. */
    private Map<String, Integer> smtpCopies(String run) {
        Map<String, Integer> copies = new HashMap<>();
        for (MimeMessage message : suite.smtpSink.getReceivedMessages()) {
            String subject = Suite.subjectOf(message);
            if (subject != null && subject.startsWith(SmtpLoad.prefix(run))) {
                copies.merge(subject, 1, Integer::sum);
            }
        }
        return copies;
    }

    private static long smtpUndelivered(SmtpLoad load, Map<String, Integer> copies) {
        return load.outcomes.values().stream()
                .filter(o -> o.accepted() && !copies.containsKey(SmtpLoad.subject(load.run, o.seq))).count();
    }

    private String smtpReport(SmtpLoad load, Map<String, Integer> copies) {
        int sent = load.outcomes.size();
        long accepted = load.outcomes.values().stream().filter(SmtpLoad.Outcome::accepted).count();
        long retried = load.outcomes.values().stream().filter(o -> o.attempts > 1).count();
        long gaveUp = load.outcomes.values().stream().filter(o -> o.gaveUp).count();
        long delivered = copies.size();
        long duplicates = copies.values().stream().mapToLong(Integer::longValue).sum() - delivered;
        long idsChanged = load.outcomes.values().stream().filter(o -> o.queueIds.size() > 1).count();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%n### SMTP relay under the same faults%n%n%d messages/s (3 clients, each"
                + " on an authenticated STARTTLS session, every message with its own `Idempotency-Key` header, retried"
                + " on a new session after a dropped connection or a 4xx).%n%n", SMTP_RATE));
        b.append("| figure | value |\n|---|---|\n");
        b.append("| sent (distinct messages) | ").append(sent).append(" |\n");
        b.append("| accepted (`250 2.0.0 Ok: queued as …`) | ").append(accepted).append(" |\n");
        b.append("| retried by the client at least once | ").append(retried).append(" |\n");
        b.append("| gave up (no `250` within 240 s) | ").append(gaveUp).append(" |\n");
        b.append("| delivered (distinct messages at the SMTP sink) | ").append(delivered).append(" |\n");
        b.append("| accepted but not delivered (lost) | ").append(smtpUndelivered(load, copies)).append(" |\n");
        b.append(String.format(Locale.ROOT, "| duplicate deliveries | %d (%.3f %%) |%n", duplicates,
                delivered == 0 ? 0.0 : 100.0 * duplicates / delivered));
        b.append("| messages whose retries got a second queue id | ").append(idsChanged).append(" |\n");
        b.append("| unexpected replies (5xx) | ").append(load.unexpected.size()).append(" |\n");
        return b.toString();
    }

    // --- faults -----------------------------------------------------------------------------------

    private Fault restart(Suite.Service service, int downSeconds) {
        Fault fault = new Fault();
        fault.injectedNanos = System.nanoTime();
        service.kill();
        sleepSeconds(downSeconds);
        fault.restartedNanos = System.nanoTime();
        service.start();
        service.awaitReady(Duration.ofSeconds(180));
        fault.readyMillis = millisSince(fault.restartedNanos);
        return fault;
    }

    private Fault restartGatewayWithCatchUpCheck() throws Exception {
        Suite.Service gateway = suite.gateway();
        Fault fault = new Fault();
        fault.injectedNanos = System.nanoTime();
        gateway.kill();
        // a token that exists only on token-changes (token-service has never heard of it, so a cache-miss
        // lookup cannot find it): the restarted gateway can accept it only once it has read the topic
        String topicOnly = TokenFormat.newProjectToken();
        String tokenId = UUID.randomUUID().toString();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, TokenChanged> producer = new KafkaProducer<>(props, new StringSerializer(),
                new JsonSerializer<>())) {
            producer.send(new ProducerRecord<>(Topics.TOKEN_CHANGES, tokenId, new TokenChanged(
                    UUID.randomUUID().toString(), Instant.now(), TokenChanged.SCHEMA_VERSION,
                    TokenChanged.CHANGE_CREATED, tokenId, TokenChanged.KIND_PROJECT, UUID.randomUUID().toString(),
                    projectId, "topic only", TokenFormat.sha256Hex(topicOnly), null, null,
                    TokenChanged.STATUS_ACTIVE, List.of(), null, List.of(), true, 1, "system"))).get();
        }
        sleepSeconds(2);
        fault.restartedNanos = System.nanoTime();
        gateway.start();
        gateway.awaitReady(Duration.ofSeconds(180));
        fault.readyMillis = millisSince(fault.restartedNanos);
        int first = env.ping(gateway, topicOnly);
        fault.note = "first request after ready with a token known only from token-changes: " + first;
        assertEquals(200, first, "the restarted gateway was ready before its token map had caught up");
        for (String revoked : revokedTokens) {
            assertEquals(401, env.ping(gateway, revoked), "a token revoked before the restart is refused after it");
        }
        return fault;
    }

    private Fault restartTokenServiceBetweenRevocations() {
        Suite.Service tokenService = suite.services.get("token-service");
        Fault fault = new Fault();
        fault.injectedNanos = System.nanoTime();
        tokenService.kill();
        // while it is down, the gateway's map still refuses every revoked token
        for (String revoked : revokedTokens) {
            int status = env.ping(suite.gateway(), revoked);
            if (status != 401) {
                revocationFailures.add("revoked token answered " + status + " while token-service was down");
            }
        }
        sleepSeconds(3);
        fault.restartedNanos = System.nanoTime();
        tokenService.start();
        tokenService.awaitReady(Duration.ofSeconds(180));
        fault.readyMillis = millisSince(fault.restartedNanos);
        fault.note = revokedTokens.size() + " revoked tokens still refused while it was down";
        return fault;
    }

    private Fault restartBroker() throws Exception {
        Fault fault = new Fault();
        long stopping = System.nanoTime();
        env.kafka.stop();
        // the fault starts when the broker is gone (a graceful stop takes a few seconds, serving meanwhile)
        fault.injectedNanos = System.nanoTime();
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(fault.injectedNanos - stopping);
        sleepSeconds(KAFKA_DOWN_SECONDS);
        fault.restartedNanos = System.nanoTime();
        env.kafka.start(false);
        long brokerUp = millisSince(fault.restartedNanos);
        Suite.Service gateway = suite.gateway();
        gateway.awaitReady(Duration.ofSeconds(180));
        for (Suite.Service s : suite.services.values()) {
            s.awaitReady(Duration.ofSeconds(180));
        }
        fault.readyMillis = millisSince(fault.restartedNanos);
        fault.note = "graceful stop took " + stopMillis + " ms; broker listening again " + brokerUp
                + " ms after its start";
        return fault;
    }

    // --- revocation -------------------------------------------------------------------------------

    /** Create a token, use it, revoke it, and poll until refused: the time after the revoke call returned. */
    private void revocationRounds(int rounds) throws IOException {
        for (int i = 0; i < rounds; i++) {
            HttpResponse<String> created = env.team("POST", "/v1/projects/" + projectId + "/tokens",
                    "{\"name\":\"revoke-me " + UUID.randomUUID() + "\"}");
            if (created.statusCode() != 201) {
                revocationFailures.add("create answered " + created.statusCode() + " " + created.body());
                continue;
            }
            String token = ResilienceEnv.field(created.body(), "token");
            String tokenId = ResilienceEnv.field(created.body(), "id");
            int before = env.ping(suite.gateway(), token);
            if (before != 200) {
                revocationFailures.add("a fresh token answered " + before + " right after its create call returned");
            }
            HttpResponse<String> revoked = env.team("DELETE", "/v1/projects/" + projectId + "/tokens/" + tokenId, null);
            long returned = System.nanoTime();
            if (revoked.statusCode() != 200) {
                revocationFailures.add("revoke answered " + revoked.statusCode() + " " + revoked.body());
                continue;
            }
            revokedTokens.add(token);
            // a ping's round trip under this load can itself take 100+ ms: the first 401's return bounds the
            // propagation from above, and the send time of the last ping still accepted from below
            int status;
            double lastAccepted = 0;
            do {
                long sent = System.nanoTime();
                status = env.ping(suite.gateway(), token);
                if (status == 200) {
                    lastAccepted = (sent - returned) / 1e6;
                }
            } while (status != 401 && millisSince(returned) < 10_000);
            double millis = (System.nanoTime() - returned) / 1e6;
            revocationMillis.add(millis);
            acceptedAfterMillis.add(lastAccepted);
            if (lastAccepted > DESIGN_REVOCATION_BOUND_MS) {
                revocationFailures.add(String.format(Locale.ROOT, "a request sent %.0f ms after the revoke returned was"
                        + " still accepted (bound %d ms)", lastAccepted, DESIGN_REVOCATION_BOUND_MS));
            }
            if (millis > REVOCATION_BOUND_MS) {
                revocationFailures.add(String.format(Locale.ROOT, "refused only %.0f ms after the revoke returned", millis));
            }
            for (int k = 0; k < 3; k++) {
                int again = env.ping(suite.gateway(), token);
                if (again != 401) {
                    revocationFailures.add("a revoked token was accepted again (" + again + ")");
                }
            }
        }
    }

    // --- figures ----------------------------------------------------------------------------------

    private static long undelivered(SendLoad load, MailWatch mails) {
        return load.outcomes.values().stream()
                .filter(o -> o.accepted() && !mails.copies.containsKey(SendLoad.subject(load.run, o.seq))).count();
    }

    private static List<Integer> lostList(SendLoad load, MailWatch mails) {
        return load.outcomes.values().stream()
                .filter(o -> o.accepted() && !mails.copies.containsKey(SendLoad.subject(load.run, o.seq)))
                .map(o -> o.seq).sorted().limit(50).toList();
    }

    /** Fault injected → first delivery of a message first sent after the fault: end-to-end recovery. */
    private static long endToEndRecoveryMillis(Fault fault, SendLoad load, MailWatch mails) {
        long best = Long.MAX_VALUE;
        for (SendLoad.Outcome o : load.outcomes.values()) {
            if (o.firstAttemptNanos >= fault.injectedNanos) {
                Long seen = mails.firstSeenNanos.get(SendLoad.subject(load.run, o.seq));
                if (seen != null) {
                    best = Math.min(best, seen);
                }
            }
        }
        return best == Long.MAX_VALUE ? -1 : TimeUnit.NANOSECONDS.toMillis(best - fault.injectedNanos);
    }

    /** The longest stretch without a 202 from {@code from} until {@code to}. */
    private static long longestAcceptGapMillis(long from, long to, SendLoad load) {
        long last = from;
        long gap = 0;
        for (long t : load.acceptedTimes()) {
            if (t < from) {
                continue;
            }
            if (t > to) {
                break;
            }
            gap = Math.max(gap, t - last);
            last = t;
        }
        return TimeUnit.NANOSECONDS.toMillis(gap);
    }

    /** For a few duplicated messages: their ids and what the audit timeline says of their attempts. */
    private List<String> duplicateTimelines(SendLoad load, MailWatch mails) {
        return load.outcomes.values().stream()
                .filter(o -> mails.copies.getOrDefault(SendLoad.subject(load.run, o.seq), 0) > 1)
                .limit(10)
                .map(o -> {
                    StringBuilder line = new StringBuilder("duplicate #" + o.seq + " (" + o.attempts + " attempts, ids "
                            + o.messageIds + "):");
                    for (String id : o.messageIds) {
                        HttpResponse<String> timeline = env.team("GET", "/v1/messages/" + id + "/events", null);
                        line.append(' ').append(timeline.statusCode()).append(' ')
                                .append(timeline.body().replaceAll("\\s+", " "));
                    }
                    return line.toString();
                })
                .toList();
    }

    /** Where the duplicates come from: the fault window each duplicated message was first sent in. */
    private Map<String, Integer> duplicatesByWindow(SendLoad load, MailWatch mails) {
        Map<String, Integer> byWindow = new LinkedHashMap<>();
        byWindow.put("before any fault", 0);
        faults.keySet().forEach(k -> byWindow.put(k, 0));
        List<Map.Entry<String, Fault>> ordered = new ArrayList<>(faults.entrySet());
        for (SendLoad.Outcome o : load.outcomes.values()) {
            int copies = mails.copies.getOrDefault(SendLoad.subject(load.run, o.seq), 0);
            if (copies < 2) {
                continue;
            }
            String window = "before any fault";
            for (Map.Entry<String, Fault> e : ordered) {
                // a message first sent shortly before a fault can be in flight when it hits
                if (o.firstAttemptNanos >= e.getValue().injectedNanos - TimeUnit.SECONDS.toNanos(5)) {
                    window = e.getKey();
                }
            }
            byWindow.merge(window, copies - 1, Integer::sum);
        }
        return byWindow;
    }

    private String report(String run, long started, int sent, long accepted, long gaveUp, long retried,
            long delivered, long duplicates, double duplicateRatio, long idsChanged, long lost, SendLoad load,
            MailWatch mails) {
        StringBuilder b = new StringBuilder();
        b.append("## Run ").append(Instant.now()).append(" (run id ").append(run).append(")\n\n");
        b.append(String.format(Locale.ROOT, "Machine: %d cores, load average %s at the end; %.0f s of load at %d sends/s"
                + " (12 clients), one gateway, one worker.%n%n", Runtime.getRuntime().availableProcessors(),
                loadAverage(), (System.nanoTime() - started) / 1e9, RATE));
        b.append("| figure | value |\n|---|---|\n");
        b.append("| sent (distinct messages, each with its own Idempotency-Key) | ").append(sent).append(" |\n");
        b.append("| accepted (`202`) | ").append(accepted).append(" |\n");
        b.append("| retried by the client at least once | ").append(retried).append(" |\n");
        b.append("| gave up (no `202` within 240 s) | ").append(gaveUp).append(" |\n");
        b.append("| delivered (distinct messages at the SMTP sink) | ").append(delivered).append(" |\n");
        b.append("| accepted but not delivered (lost) | ").append(lost).append(" |\n");
        b.append(String.format(Locale.ROOT, "| duplicate deliveries | %d (%.3f %%) |%n", duplicates, duplicateRatio * 100));
        b.append("| messages whose retries got a second message_id | ").append(idsChanged).append(" |\n");
        b.append(String.format(Locale.ROOT, "| revocations measured | %d: p50 %.1f ms, p99 %.1f ms, max %.1f ms"
                + " (bound asserted: %d ms) |%n", revocationMillis.size(), pct(50), pct(99), pct(100),
                REVOCATION_BOUND_MS));
        List<Double> lastAccepted = new ArrayList<>(acceptedAfterMillis);
        Collections.sort(lastAccepted);
        b.append(String.format(Locale.ROOT, "| revoked token still accepted: the last accepted request was sent after the revoke"
                + " returned by | max %.1f ms; %d of %d revocations had one sent after it returned (asserted ≤ 100 ms, DESIGN §4) |%n",
                lastAccepted.isEmpty() ? 0.0 : lastAccepted.get(lastAccepted.size() - 1),
                lastAccepted.stream().filter(a -> a > 0).count(), lastAccepted.size()));
        b.append("| revocation failures | ").append(revocationFailures.size()).append(" |\n\n");
        b.append("| fault | ready again after restart | longest stretch without a `202` (until the next fault) |"
                + " fault → first delivery of a message sent after it | duplicates (messages first sent from 5 s before"
                + " this fault to 5 s before the next) | note |\n|---|---|---|---|---|---|\n");
        long maxRecovery = 0;
        List<Fault> ordered = new ArrayList<>(faults.values());
        Map<String, Integer> byWindow = duplicatesByWindow(load, mails);
        for (Map.Entry<String, Fault> e : faults.entrySet()) {
            Fault f = e.getValue();
            int index = ordered.indexOf(f);
            long until = index + 1 < ordered.size() ? ordered.get(index + 1).injectedNanos : System.nanoTime();
            long e2e = endToEndRecoveryMillis(f, load, mails);
            maxRecovery = Math.max(maxRecovery, e2e);
            b.append("| ").append(e.getKey()).append(" | ").append(f.readyMillis).append(" ms | ")
                    .append(longestAcceptGapMillis(f.injectedNanos, until, load)).append(" ms | ").append(e2e)
                    .append(" ms | ").append(byWindow.get(e.getKey())).append(" | ").append(f.note).append(" |\n");
        }
        b.append("\nDuplicates of messages first sent before any fault: ").append(byWindow.get("before any fault"))
                .append(". Max end-to-end recovery: ").append(maxRecovery).append(" ms.\n");
        return b.toString();
    }

    private double pct(int p) {
        if (revocationMillis.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * revocationMillis.size()) - 1;
        return revocationMillis.get(Math.max(0, Math.min(index, revocationMillis.size() - 1)));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void writeReport(String run) throws IOException {
        Path root = Path.of(System.getProperty("mintpost.root", "..")).toAbsolutePath().normalize();
        Path file = root.resolve("docs/resilience.md");
        String header = """
                # Resilience run: figures

                Written by `system-tests` `FaultInjectionIT` (`./mvnw -pl system-tests -Presilience verify`): a steady
                load of sends with Idempotency-Keys while a dispatch-worker and the send-gateway are `kill -9`ed and
                restarted, token-service is `kill -9`ed between revocations, and the Kafka broker (its own process) is
                stopped and started. Each run replaces this file; the committed one is from a real run on the
                shared 2-core development machine (other builds running at the same time).

                """;
        Files.writeString(file, header + run);
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private static void sleepSeconds(int seconds) {
        ResilienceEnv.sleep(seconds * 1000L);
    }
}
