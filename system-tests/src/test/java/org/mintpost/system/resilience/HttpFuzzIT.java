package org.mintpost.system.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.mintpost.system.Suite;

/**
 * HTTP fuzzing of every public endpoint of the edge (the Sending API, ping, the forwarded Team API,
 * messages, the dashboard): seeded random and malformed bodies, headers and methods, lying and
 * huge {@code Content-Length}s, huge bodies and slow bodies — with no token, a project token and a
 * team token, so the fuzz reaches the validators behind authentication. No answer may be a 5xx, none
 * may hang (30 s), and every service stays healthy and keeps serving others meanwhile.
 * Seed: {@code -Dresilience.fuzz-seed} (printed).
 */
@Order(3)
class HttpFuzzIT {

    static final long SEED = Long.getLong("resilience.fuzz-seed", System.nanoTime());
    static final int TIMEOUT_MS = 30_000;
    /** Its own source address: the fuzz presents many bad tokens, which the per-IP brute-force throttle counts. */
    static final String FROM = "127.0.0.3";
    /** The huge bodies come from yet another address, which the fuzz has not got throttled. */
    static final String FROM_HUGE = "127.0.0.4";

    static ResilienceEnv env;
    static int port;
    static String projectToken;
    static String teamToken;
    static List<String> paths;
    static long gatewayLogAtStart;
    final List<String> failures = new ArrayList<>();
    final Map<Integer, Integer> statuses = new LinkedHashMap<>();

    @BeforeAll
    static void prepare() {
        env = ResilienceEnv.shared();
        port = env.suite.gateway().port;
        gatewayLogAtStart = env.suite.gateway().log().toFile().length();
        teamToken = env.suite.teamToken();
        HttpResponse<String> created = env.team("POST", "/v1/projects", "{\"name\":\"Fuzz target\"}");
        assertEquals(201, created.statusCode(), created.body());
        String project = ResilienceEnv.field(created.body(), "id");
        // The fuzz sends any method to this project's paths with the real team token, so it may
        // rotate its Default token or delete it: the token the tests send with lives in another project.
        HttpResponse<String> bystander = env.team("POST", "/v1/projects", "{\"name\":\"Fuzz bystander\"}");
        assertEquals(201, bystander.statusCode(), bystander.body());
        projectToken = ResilienceEnv.field(bystander.body(), "api_token");
        HttpResponse<String> token = env.team("POST", "/v1/projects/" + project + "/tokens", "{\"name\":\"fuzzed\"}");
        String tokenId = ResilienceEnv.field(token.body(), "id");
        String p = "/v1/projects/" + project;
        paths = List.of("/v1/send", "/v1/send/batch", "/v1/ping", "/v1/projects", p, p + "/rotate-token", p + "/tokens",
                p + "/tokens/" + tokenId + "/regenerate", p + "/tokens/" + tokenId + "/logs", "/v1/team/tokens",
                "/v1/messages/" + UUID.randomUUID(), "/v1/messages/" + UUID.randomUUID() + "/events",
                "/v1/messages/not-a-uuid", "/dashboard/", "/dashboard/../../../etc/passwd", "/v1/projects/%2e%2e/x",
                "/v1/send/../projects", "/v1//projects", "/v1/projects?per_page=-1&cursor=%00", "/v1/nothing-here",
                "/v1/projects/" + "9".repeat(300), "/q/health/ready");
    }

    @Test
    void randomAndMalformedRequestsNeverGetA5xxOrHang() {
        Random random = new Random(SEED);
        System.out.println("HTTP FUZZ seed " + SEED + " (-Dresilience.fuzz-seed=" + SEED + " repeats it)");
        String[] methods = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "FOO", "post"};
        int requests = 0;
        for (String path : paths) {
            for (int i = 0; i < 14; i++) {
                String method = i < 4 ? (path.contains("send") || path.endsWith("tokens") ? "POST" : "PUT")
                        : methods[random.nextInt(methods.length)];
                check(method + " " + path + " #" + i, RawHttp.send(FROM, port,
                        RawHttp.request(method, path, credential(random) + contentType(random), body(random)), TIMEOUT_MS));
                requests++;
            }
        }
        // malformed at the protocol level
        List<byte[]> raw = List.of(
                "GARBAGE\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
                "POST /v1/send HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}".getBytes(StandardCharsets.ISO_8859_1),
                "POST /v1/send HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n{}".getBytes(StandardCharsets.ISO_8859_1),
                "POST /v1/send HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 9\r\n\r\n{}"
                        .getBytes(StandardCharsets.ISO_8859_1),
                "POST /v1/send HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nzz\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1),
                "POST /v1/send HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                        .concat("fffffffffffffffff\r\n{}\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1),
                ("GET /v1/ping HTTP/1.1\r\nHost: x\r\nx-lettermint-token: " + "A".repeat(100_000) + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1),
                ("GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1),
                manyHeaders(),
                "GET /v1/ping HTTP/1.1\r\nHost: x\r\nx-lettermint-token: lm_\u00e9\u00e9\u0000\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1),
                "GET /v1/ping HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1),
                "GET /v1/ping HTTP/1.1\r\nHost: x\r\nAuthorization: Basic Zm9vOmJhcg==\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1),
                "GET /v1/projects HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer eyJhbGciOiJub25lIn0.e30.\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1),
                "GET /v1/ping HTTP/9.9\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < raw.size(); i++) {
            RawHttp.Answer answer = RawHttp.send(FROM, port, raw.get(i), TIMEOUT_MS);
            // a request that is not HTTP may be answered 4xx or dropped; never a 5xx, never a hang
            if (answer.status() == RawHttp.Answer.TIMEOUT || answer.status() >= 500) {
                failures.add("raw #" + i + ": " + answer.status() + " " + firstLine(answer.head()));
            }
            count(answer.status());
            requests++;
        }
        System.out.printf("HTTP FUZZ: %d requests, statuses %s%n", requests, statuses);
        assertTrue(failures.isEmpty(), "5xx or hangs:\n" + String.join("\n", failures));
        assertHealthy();
    }

    @Test
    void hugeBodiesAreRefusedWith413WhileStreaming() {
        byte[] huge = new byte[30 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) 'a');
        for (String path : List.of("/v1/send", "/v1/projects")) {
            String auth = path.equals("/v1/send") ? "x-lettermint-token: " + projectToken : "Authorization: Bearer " + teamToken;
            RawHttp.Answer answer = RawHttp.send(FROM_HUGE, port, RawHttp.request("POST", path,
                    auth + "\r\nContent-Type: application/json\r\n", huge), TIMEOUT_MS);
            count(answer.status());
            assertEquals(413, answer.status(), path + " with 30 MiB: " + firstLine(answer.head()));
        }
        // a batch: 50 MiB limit, declared larger
        RawHttp.Answer declared = RawHttp.send(FROM_HUGE, port, ("POST /v1/send/batch HTTP/1.1\r\nHost: x\r\nx-lettermint-token: "
                + projectToken + "\r\nContent-Type: application/json\r\nContent-Length: 60000000\r\n\r\n[")
                .getBytes(StandardCharsets.ISO_8859_1), TIMEOUT_MS);
        assertEquals(413, declared.status(), "declared 60 MB batch: " + firstLine(declared.head()));
        assertHealthy();
    }

    @Test
    void slowBodiesDoNotStopOthersFromBeingServed() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                Socket socket = new Socket();
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/send HTTP/1.1\r\nHost: x\r\nx-lettermint-token: " + projectToken
                        + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"from\":")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                slow.add(socket);
            }
            long until = System.currentTimeMillis() + 8000;
            int served = 0;
            while (System.currentTimeMillis() < until) {
                for (Socket s : slow) {
                    try {
                        s.getOutputStream().write(' ');
                    } catch (java.io.IOException e) {
                        // the server may drop a slow client: that is allowed
                    }
                }
                long started = System.nanoTime();
                int status = env.ping(env.suite.gateway(), projectToken);
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertEquals(200, status, "a normal request is served while 40 clients send slowly");
                assertTrue(millis < 10_000, "a normal request took " + millis + " ms");
                served++;
                Thread.sleep(500);
            }
            assertTrue(served > 3, "normal requests were served meanwhile: " + served);
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
        assertHealthy();
    }

    private void check(String what, RawHttp.Answer answer) {
        count(answer.status());
        if (answer.status() >= 500 || answer.status() == RawHttp.Answer.TIMEOUT || answer.status() == RawHttp.Answer.CLOSED) {
            failures.add(what + ": " + answer.status() + " " + firstLine(answer.head()));
        }
    }

    private void count(int status) {
        statuses.merge(status, 1, Integer::sum);
    }

    private String credential(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> "";
            case 1, 2 -> "x-lettermint-token: " + projectToken + "\r\n";
            case 3, 4 -> "Authorization: Bearer " + teamToken + "\r\n";
            default -> "x-lettermint-token: lm_" + randomAscii(random, random.nextInt(50)) + "\r\n";
        };
    }

    private static String contentType(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> "";
            case 1 -> "Content-Type: text/plain\r\n";
            case 2 -> "Content-Type: application/json; charset=latin1\r\n";
            case 3 -> "Content-Type: multipart/form-data; boundary=x\r\n";
            default -> "Content-Type: application/json\r\n";
        };
    }

    static byte[] body(Random random) {
        String[] shapes = {
            null, "", "{", "}", "[]", "null", "true", "12", "\"x\"", "{\"from\":", "[{\"to\":[1,2]}]",
            "{\"from\":1,\"to\":\"a\",\"subject\":[],\"text\":{}}", "{\"name\":null}", "{\"name\":12}",
            "{\"name\":\"" + "n".repeat(5000) + "\"}", "{\"permissions\":[\"*\"],\"name\":\"x\"}",
            "{\"expire_previous_in\":-1}", "{\"expire_previous_in\":1e999}", "{\"expires_at\":\"yesterday\"}",
            "{\"allowed_ips\":[\"300.1.1.1/99\"],\"name\":\"x\"}", "[".repeat(50_000), "{\"a\":".repeat(10_000),
            "{\"from\":\"a@b.c\",\"to\":[\"x@y.z\"],\"subject\":\"s\\r\\nBcc: evil@x\",\"text\":\"hello\"}",
            "{\"from\":\"a@b.c\",\"to\":[\"x@y.z\"],\"subject\":\"s\",\"text\":\"hi!\",\"attachments\":[{\"filename\":\"x\","
                    + "\"content\":\"%%%not base64\"}]}",
            "{\"from\":\"a@b.c\",\"to\":[\"x@y.z\"],\"subject\":\"s\",\"text\":\"hi!\",\"headers\":{\"X\":\"a\\nb\"}}",
            "{\"from\":\"a@b.c\",\"to\":[\"x@y.z\"],\"subject\":\"s\",\"text\":\"hi!\",\"scheduled_at\":\"99999-01-01\"}",
            "{\"name\":\"\\ud800\"}", "{\"name\":\"x\",\"name\":\"y\"}", "{\"smtp_enabled\":\"yes\"}",
        };
        int pick = random.nextInt(shapes.length + 2);
        if (pick == shapes.length) {
            byte[] bytes = new byte[random.nextInt(4096)];
            random.nextBytes(bytes);
            return bytes;
        }
        if (pick == shapes.length + 1) {
            return ("{\"" + randomAscii(random, 8) + "\":\"" + randomAscii(random, 40) + "\"}").getBytes(StandardCharsets.UTF_8);
        }
        return shapes[pick] == null ? null : shapes[pick].getBytes(StandardCharsets.UTF_8);
    }

    private static String randomAscii(Random random, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            char c = (char) (33 + random.nextInt(94));
            b.append(c == '"' || c == '\\' ? 'q' : c);
        }
        return b.toString();
    }

    private static byte[] manyHeaders() {
        StringBuilder b = new StringBuilder("GET /v1/ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n");
        for (int i = 0; i < 2000; i++) {
            b.append("X-H").append(i).append(": v\r\n");
        }
        return b.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String firstLine(String head) {
        int end = head.indexOf('\r');
        return end < 0 ? head : head.substring(0, end);
    }

    /** And no error the fuzz provoked on the gateway's event loops (the client never sees those). */
    static void assertHealthy() {
        try {
            byte[] log = java.nio.file.Files.readAllBytes(env.suite.gateway().log());
            int from = log.length >= gatewayLogAtStart ? (int) gatewayLogAtStart : 0;
            List<String> uncaught = new String(log, from, log.length - from, java.nio.charset.StandardCharsets.ISO_8859_1)
                    .lines().filter(l -> l.contains("Uncaught exception")).toList();
            // e.g. "Response has already been written": a forwarded body piped to a client gone mid-way
            assertTrue(uncaught.isEmpty(), "the gateway logged uncaught exceptions:\n" + String.join("\n", uncaught));
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot read the gateway's log: " + e, e);
        }
        for (Suite.Service s : env.suite.services.values()) {
            assertTrue(s.isAlive(), s.name + " is running");
            try {
                assertEquals(200, env.call("GET", s.baseUrl() + "/q/health/ready", null, null, null).statusCode(),
                        s.name + " is ready");
            } catch (java.io.IOException e) {
                throw new AssertionError(s.name + " does not answer: " + e, e);
            }
        }
    }
}
