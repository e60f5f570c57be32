package org.mintpost.token;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.TokenUsed;
import org.mintpost.contracts.kafka.EventJson;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.KafkaBroker;
import org.mintpost.testing.PostgresResource;
import org.mintpost.token.messaging.LastUsedRecorder;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Last-used metadata from real {@code token-usage} records, coalesced to one write per token per second. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "mintpost_tokens_test"))
@QuarkusTestResource(TestKafka.class)
@QuarkusTestResource(JwtKeysResource.class)
class LastUsedTest {

    @Inject
    LastUsedRecorder recorder;

    static KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    static TokenUsed use(String tokenId, String projectId, Instant at, String ip, String outcome) {
        return new TokenUsed(UUID.randomUUID().toString(), at, TokenUsed.SCHEMA_VERSION, tokenId, "project",
                "lm_AbCd…wxyz", null, projectId, ip, "test", TokenUsed.CHANNEL_API, "POST /v1/send", outcome,
                TokenUsed.OUTCOME_ACCEPTED.equals(outcome) ? null : "rate_limited", List.of());
    }

    @Test
    void manyUsesCostAtMostOneWritePerTokenPerSecond() throws Exception {
        TestApi api = TestApi.newTeam();
        String projectId = api.newProject("Used").get("id");
        String a = api.newProjectToken(projectId, Map.of("name", "a")).get("id");
        String b = api.newProjectToken(projectId, Map.of("name", "b")).get("id");
        Instant start = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant lastA = start;
        double writesBefore = recorder.writes();
        long began = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int i = 0; i < 400; i++) {
                lastA = start.plusMillis(i);
                producer.send(new ProducerRecord<>(Topics.TOKEN_USAGE, a, EventJson.MAPPER.writeValueAsBytes(
                        use(a, projectId, lastA, "198.51.100." + (i % 250), TokenUsed.OUTCOME_ACCEPTED))));
            }
            Instant usedB = start.plusMillis(100);
            producer.send(new ProducerRecord<>(Topics.TOKEN_USAGE, b, EventJson.MAPPER.writeValueAsBytes(
                    use(b, projectId, usedB, "2001:db8::1", TokenUsed.OUTCOME_ACCEPTED))));
            // a refused use later than all of them changes nothing; neither do junk records
            producer.send(new ProducerRecord<>(Topics.TOKEN_USAGE, a, EventJson.MAPPER.writeValueAsBytes(
                    use(a, projectId, start.plusSeconds(60), "192.0.2.1", TokenUsed.OUTCOME_REFUSED))));
            producer.send(new ProducerRecord<>(Topics.TOKEN_USAGE, "unknown", EventJson.MAPPER.writeValueAsBytes(
                    use(null, null, start, "192.0.2.2", TokenUsed.OUTCOME_ACCEPTED))));
            producer.send(new ProducerRecord<>(Topics.TOKEN_USAGE, a, "{not json".getBytes()));
            producer.flush();
        }
        Instant expectedA = lastA;
        String expectedIpA = "198.51.100." + (399 % 250);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath tokens = api.request().get("/v1/projects/" + projectId + "/tokens").then().statusCode(200)
                    .extract().jsonPath();
            assertEquals(expectedA.toString(), tokens.getString("data.find { it.id == '" + a + "' }.last_used_at"));
            assertEquals(expectedIpA, tokens.getString("data.find { it.id == '" + a + "' }.last_used_ip"));
            assertEquals("2001:db8::1", tokens.getString("data.find { it.id == '" + b + "' }.last_used_ip"));
        });
        double seconds = (System.nanoTime() - began) / 1e9;
        double writes = recorder.writes() - writesBefore;
        assertTrue(writes >= 2, "both tokens were written");
        assertTrue(writes <= 2 * (Math.ceil(seconds) + 1),
                "402 uses of 2 tokens in " + seconds + " s cost " + writes + " writes");

        // the project shows its most recently used token
        api.request().get("/v1/projects/" + projectId).then().statusCode(200)
                .body("token_last_used_at", org.hamcrest.Matchers.equalTo(expectedA.toString()))
                .body("token_last_used_ip", org.hamcrest.Matchers.equalTo(expectedIpA));

        // an older use arriving late does not move last_used_at back
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.TOKEN_USAGE, a, EventJson.MAPPER.writeValueAsBytes(
                    use(a, projectId, start.minusSeconds(3600), "192.0.2.99", TokenUsed.OUTCOME_ACCEPTED))));
            producer.flush();
        }
        Thread.sleep(2500);
        api.request().get("/v1/projects/" + projectId + "/tokens").then()
                .body("data.find { it.id == '" + a + "' }.last_used_ip", org.hamcrest.Matchers.equalTo(expectedIpA));
    }
}
