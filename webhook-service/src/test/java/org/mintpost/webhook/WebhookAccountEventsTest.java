package org.mintpost.webhook;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mintpost.webhook.WebhookTestSupport.as;
import static org.mintpost.webhook.WebhookTestSupport.id;
import static org.mintpost.webhook.WebhookTestSupport.producer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.SuppressionChanged;
import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.KafkaResource;
import org.mintpost.testing.PostgresResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Events from the account side, published as token-service does: a suppression entry added then removed reaches
 * the webhooks in its scope as {@code suppression.added} and {@code suppression.removed}, in order; a token
 * revoked as leaked is a signed {@code token.leaked} (the secret never in it); a revocation by hand is not.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database",
        value = WebhookTestSupport.DATABASE))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(JwtKeysResource.class)
class WebhookAccountEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final List<String> EVENTS = List.of("suppression.added", "suppression.removed", "token.leaked");

    @Test
    void suppressionsAndLeakedTokensBecomeSignedEvents() throws Exception {
        try (Receiver receiver = new Receiver(); Receiver otherProject = new Receiver()) {
            String team = id();
            String project = id();
            String routeId = id();
            String otherRoute = id();
            WebhookTestSupport.route(routeId, team, project, true);
            WebhookTestSupport.route(otherRoute, team, id(), true);
            String[] secret = new String[1];
            await().atMost(WAIT).until(() -> {
                var response = as(team).body(Map.of("route_id", routeId, "name", "hook", "url", receiver.url(),
                        "events", EVENTS)).post("/v1/webhooks");
                secret[0] = response.statusCode() == 201 ? response.jsonPath().getString("data.secret") : null;
                return secret[0] != null;
            });
            await().atMost(WAIT).until(() -> as(team).body(Map.of("route_id", otherRoute, "name", "other", "url",
                    otherProject.url(), "events", EVENTS)).post("/v1/webhooks").statusCode() == 201);
            Thread.sleep(5); // the changes below are made after both webhooks exist

            String entry = id();
            suppression(entry, team, project, SuppressionChanged.CHANGE_CREATED, 1);
            suppression(entry, team, project, SuppressionChanged.CHANGE_DELETED, 2);
            token(team, project, "by hand", null);
            token(team, project, "leaked one", TokenChanged.REASON_LEAKED);

            await().atMost(WAIT).until(() -> receiver.requests().size() >= 3);
            Thread.sleep(500);
            List<Map<String, Object>> checked = SdkVerifier.verify(secret[0], receiver.requests());
            assertEquals(3, checked.size(), checked.toString());
            assertEquals(List.of("suppression.added", "suppression.removed"), checked.stream().map(r -> r.get("event"))
                    .filter(e -> e.toString().startsWith("suppression.")).toList(), "one entry's changes in order");
            assertTrue(checked.stream().allMatch(r -> Boolean.TRUE.equals(r.get("ok"))), checked.toString());
            JsonPath added = byEvent(receiver, "suppression.added");
            assertEquals("bob@example.org", added.getString("data.value"));
            assertEquals("project", added.getString("data.scope"));
            JsonPath leaked = byEvent(receiver, "token.leaked");
            assertEquals("leaked one", leaked.getString("data.name"));
            assertEquals("https://github.com/acme/app/blob/main/.env", leaked.getString("data.url"));
            assertTrue(receiver.requests().stream().noneMatch(r -> r.text().contains("deadbeef")), "no token hash");
            assertEquals(0, otherProject.requests().size(), "another project's webhook hears nothing");
        }
    }

    private static JsonPath byEvent(Receiver receiver, String event) {
        return receiver.requests().stream().map(r -> JsonPath.from(r.text()))
                .filter(j -> event.equals(j.getString("event"))).findFirst().orElseThrow();
    }

    private static void suppression(String entryId, String team, String project, String change, long revision)
            throws Exception {
        SuppressionChanged s = new SuppressionChanged(id(), Instant.now(), SuppressionChanged.SCHEMA_VERSION, change,
                entryId, team, SuppressionChanged.SCOPE_PROJECT, project, null, SuppressionChanged.TYPE_EMAIL,
                "bob@example.org", SuppressionChanged.REASON_MANUAL, null, revision, "system");
        producer().send(new ProducerRecord<>(Topics.SUPPRESSION_CHANGES, entryId, s)).get();
    }

    private static void token(String team, String project, String name, String reason) throws Exception {
        String tokenId = id();
        Map<String, String> details = reason == null ? Map.of()
                : Map.of(TokenChanged.DETAIL_URL, "https://github.com/acme/app/blob/main/.env",
                        TokenChanged.DETAIL_SOURCE, "github");
        TokenChanged t = new TokenChanged(id(), Instant.now(), TokenChanged.SCHEMA_VERSION,
                TokenChanged.CHANGE_REVOKED, tokenId, TokenChanged.KIND_PROJECT, team, project, name, "deadbeef",
                null, null, TokenChanged.STATUS_REVOKED, List.of(), null, List.of(), true, 2, "system", reason,
                details);
        producer().send(new ProducerRecord<>(Topics.TOKEN_CHANGES, tokenId, t)).get();
    }
}
