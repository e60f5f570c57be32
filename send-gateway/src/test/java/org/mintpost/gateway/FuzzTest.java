package org.mintpost.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.token.TokenFormat;
import org.mintpost.gateway.support.GatewayTest;
import org.mintpost.gateway.support.Http;
import org.mintpost.gateway.support.TestTokens;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Throws random and malformed JSON, headers and sizes at {@code /v1/send} (and the batch endpoint)
 * with a fixed seed: whatever comes in, the answer is a 2xx or a 4xx with a JSON error body.
 */
@GatewayTest
class FuzzTest {

    private static final long SEED = 20261129L;
    private static final int ROUNDS = 300;
    private static final String[] FIELDS = {"from", "to", "cc", "bcc", "reply_to", "subject", "html", "text",
        "headers", "metadata", "tag", "tags", "route", "scheduled_at", "settings", "attachments", "unknown"};

    private static String token;

    @BeforeEach
    void token() {
        if (token == null) {
            Http.awaitReady();
            token = TestTokens.project().token();
            Http.awaitProjectToken(token);
        }
    }

    @Test
    void noInputGetsAServerError() {
        Random random = new Random(SEED);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            RequestSpecification request = given().urlEncodingEnabled(false);
            request.header("x-lettermint-token", randomToken(random));
            if (random.nextInt(4) == 0) {
                request.header("Idempotency-Key", randomString(random, random.nextInt(300)));
            }
            if (random.nextInt(5) == 0) {
                request.header("X-Forwarded-For", randomString(random, 20));
            }
            String contentType = switch (random.nextInt(4)) {
                case 0 -> "text/plain";
                case 1 -> "application/octet-stream";
                default -> "application/json";
            };
            request.contentType(contentType);
            byte[] body = randomBody(random);
            String path = random.nextInt(5) == 0 ? "/v1/send/batch" : "/v1/send";
            Response response = request.body(body).post(path);
            int status = response.statusCode();
            boolean jsonError = status < 300 || (response.contentType() != null
                    && response.contentType().startsWith("application/json") && response.path("error") != null);
            if (status >= 500 || !jsonError) {
                failures.add("round " + i + ": " + status + " " + response.asString());
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private static String randomToken(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> "";
            case 1 -> "lm_" + randomString(random, random.nextInt(40));
            case 2 -> TokenFormat.newProjectToken();
            case 3 -> randomString(random, 50);
            default -> token;
        };
    }

    private static byte[] randomBody(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> randomBytes(random, random.nextInt(2000));
            case 1 -> "[".repeat(random.nextInt(5000)).getBytes(StandardCharsets.UTF_8);
            case 2 -> ("{\"from\":" + "[".repeat(200) + "]".repeat(200) + "}").getBytes(StandardCharsets.UTF_8);
            case 3 -> truncate(randomObject(random, 0), random).getBytes(StandardCharsets.UTF_8);
            case 4 -> ("[" + randomObject(random, 0) + "," + randomObject(random, 0) + "]")
                    .getBytes(StandardCharsets.UTF_8);
            case 5 -> ("{\"from\":\"a@example.com\",\"to\":[\"b@example.org\"],\"subject\":\"s\",\"text\":\"hello\","
                    + "\"attachments\":[{\"filename\":\"f\",\"content\":\"" + randomString(random, 10) + "\"}],"
                    + "\"n\":1" + "0".repeat(random.nextInt(2000)) + "}").getBytes(StandardCharsets.UTF_8);
            default -> randomObject(random, 0).getBytes(StandardCharsets.UTF_8);
        };
    }

    private static String truncate(String json, Random random) {
        return json.substring(0, random.nextInt(json.length() + 1));
    }

    private static String randomObject(Random random, int depth) {
        StringBuilder out = new StringBuilder("{");
        int n = random.nextInt(8);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.append(',');
            }
            String name = random.nextInt(5) == 0 ? randomString(random, 5) : FIELDS[random.nextInt(FIELDS.length)];
            out.append(quote(name)).append(':').append(randomValue(random, depth + 1));
        }
        return out.append('}').toString();
    }

    private static String randomValue(Random random, int depth) {
        int kind = random.nextInt(depth > 3 ? 6 : 9);
        return switch (kind) {
            case 0 -> "null";
            case 1 -> String.valueOf(random.nextBoolean());
            case 2 -> String.valueOf(random.nextLong());
            case 3 -> String.valueOf(random.nextDouble() * 1e300);
            case 4 -> quote(randomString(random, random.nextInt(30)));
            case 5 -> quote(List.of("a@example.com", "Name <n@example.org>", "\"Q, Name\" <q@example.org>",
                    "2030-01-01T00:00:00Z", "aGVsbG8=", "x\r\ny").get(random.nextInt(6)));
            case 6 -> "[" + randomValue(random, depth + 1) + "," + randomValue(random, depth + 1) + "]";
            default -> randomObject(random, depth + 1);
        };
    }

    private static String randomString(Random random, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(10);
            char c = pick < 6 ? (char) (' ' + random.nextInt(95)) : pick < 8 ? (char) random.nextInt(32)
                    : (char) (0x00A0 + random.nextInt(0x2000));
            out.append(c);
        }
        return out.toString();
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 32) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
