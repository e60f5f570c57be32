package org.mintpost.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.contracts.kafka.JsonSerializer;
import org.mintpost.contracts.token.TokenFormat;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * What must hold across gateway instances: idempotency keys, revocation, and readiness after a
 * restart with a full {@code token-changes} topic. Two packaged send-gateways share Kafka and Redis.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoGatewaysTest {

    static Suite suite;
    static Suite.Service first;
    static Suite.Service second;
    static String team;
    static String projectId;

    @BeforeAll
    static void startTwoGateways() {
        suite = Suite.shared();
        first = suite.gateway();
        second = suite.startExtraGateway();
        team = suite.teamToken();
        projectId = given().baseUri(suite.baseUrl()).header("Authorization", "Bearer " + team)
                .contentType(ContentType.JSON).body(Map.of("name", "Two gateways"))
                .post("/projects").then().statusCode(201).extract().path("data.id");
    }

    @Test
    @Order(1)
    void anIdempotencyKeyHoldsAcrossInstances() {
        String token = newProjectToken("idempotency");
        String key = "order-" + UUID.randomUUID();
        Map<String, Object> body = mail("Idempotent " + key);

        String id1 = send(first, token, key, body).then().statusCode(202).extract().path("message_id");
        String id2 = send(second, token, key, body).then().statusCode(202).extract().path("message_id");
        assertEquals(id1, id2, "the same key and body give the same message at another instance");

        send(second, token, key, mail("Another body"))
                .then().statusCode(409).body("error", equalTo("idempotency_conflict"));

        suite.awaitMail("Idempotent " + key);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> suite.mailsWithSubject("Idempotent " + key).size() == 1);
    }

    @Test
    @Order(2)
    void aRevokedTokenIsRefusedByEveryInstance() {
        JsonPath created = createToken("to be revoked");
        String token = created.getString("token");
        String tokenId = created.getString("data.id");
        ping(first, token).then().statusCode(200);
        ping(second, token).then().statusCode(200);

        given().baseUri(suite.baseUrl()).header("Authorization", "Bearer " + team)
                .delete("/projects/" + projectId + "/tokens/" + tokenId)
                .then().statusCode(200).body("data.status", equalTo("revoked"));

        // The bound itself (100 ms p99) is measured by RevocationBenchmark; here: refused, at both.
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
            ping(first, token).then().statusCode(401);
            ping(second, token).then().statusCode(401);
        });
        send(second, token, null, mail("after revoke")).then().statusCode(401).body("error", equalTo("unauthenticated"));
    }

    @Test
    @Order(3)
    void aRegeneratedTokensOldSecretIsRefusedAndTheNewOneWorksAtBothInstances() {
        JsonPath created = createToken("to be regenerated");
        String old = created.getString("token");
        ping(second, old).then().statusCode(200);

        String fresh = given().baseUri(suite.baseUrl()).header("Authorization", "Bearer " + team)
                .contentType(ContentType.JSON).body("{}")
                .post("/projects/" + projectId + "/tokens/" + created.getString("data.id") + "/regenerate")
                .then().statusCode(200).extract().path("token");
        assertNotEquals(old, fresh);
        ping(first, fresh).then().statusCode(200);
        ping(second, fresh).then().statusCode(200);
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            ping(first, old).then().statusCode(401);
            ping(second, old).then().statusCode(401);
        });
    }

    @Test
    @Order(4)
    void aRestartedGatewayServesOnlyOnceItsTokenMapHasCaughtUp() throws Exception {
        // Fill token-changes with 30,000 more tokens; the last one exists nowhere but in the topic,
        // so it can only be accepted once the restarted gateway has read the topic to its end.
        String lastToken = null;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, suite.kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        try (KafkaProducer<String, TokenChanged> producer = new KafkaProducer<>(props, new StringSerializer(),
                new JsonSerializer<>())) {
            for (int i = 0; i < 30_000; i++) {
                lastToken = TokenFormat.newProjectToken();
                String tokenId = UUID.randomUUID().toString();
                producer.send(new ProducerRecord<>(Topics.TOKEN_CHANGES, tokenId, new TokenChanged(
                        UUID.randomUUID().toString(), Instant.now(), TokenChanged.SCHEMA_VERSION,
                        TokenChanged.CHANGE_CREATED, tokenId, TokenChanged.KIND_PROJECT,
                        UUID.randomUUID().toString(), UUID.randomUUID().toString(), "filler " + i,
                        TokenFormat.sha256Hex(lastToken), null, null, TokenChanged.STATUS_ACTIVE, List.of(),
                        null, List.of(), true, 1, "system")));
            }
            producer.flush();
        }

        second.kill();
        second.start();
        second.awaitReady(Duration.ofSeconds(120));
        ping(second, lastToken).then().statusCode(200).body(equalTo("pong"));
    }

    private static JsonPath createToken(String name) {
        return given().baseUri(suite.baseUrl()).header("Authorization", "Bearer " + team)
                .contentType(ContentType.JSON).body(Map.of("name", name + " " + UUID.randomUUID()))
                .post("/projects/" + projectId + "/tokens")
                .then().statusCode(201).extract().jsonPath();
    }

    private static String newProjectToken(String name) {
        return createToken(name).getString("token");
    }

    private static io.restassured.response.Response ping(Suite.Service gateway, String token) {
        return given().baseUri(gateway.baseUrl()).header("x-lettermint-token", token).get("/v1/ping");
    }

    private static io.restassured.response.Response send(Suite.Service gateway, String token, String key,
            Map<String, Object> body) {
        var request = given().baseUri(gateway.baseUrl()).header("x-lettermint-token", token)
                .contentType(ContentType.JSON).body(body);
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.post("/v1/send");
    }

    private static Map<String, Object> mail(String subject) {
        return Map.of("from", "shop@example.com", "to", List.of("dave@example.org"), "subject", subject,
                "text", "Hello there.");
    }
}
