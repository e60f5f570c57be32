package org.mintpost.gateway.tracking;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.RouteChanged;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.contracts.kafka.DeliveryEventDeserializer;
import org.mintpost.contracts.kafka.SendJobDeserializer;
import org.mintpost.contracts.tracking.TrackingId;
import org.mintpost.gateway.support.GatewayTest;
import org.mintpost.gateway.support.Http;
import org.mintpost.gateway.support.TestRoutes;
import org.mintpost.gateway.support.TestTokens;
import org.mintpost.gateway.support.TopicTail;

import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.specification.RequestSpecification;

/** The public tracking endpoints against the real broker: what they answer and what they put on delivery-events. */
@GatewayTest
class TrackingEndpointsTest {

    static final byte[] KEY = TrackingId.key("test-tracking-key-0123456789abcdef0123456789");
    static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36";

    @BeforeEach
    void ready() {
        Http.awaitReady();
    }

    static TrackingId id(String kind, String messageId, String recipient, Instant issued, String url) {
        return new TrackingId(kind, messageId, "team-1", "project-1", "route-1", recipient, issued, url);
    }

    static RequestSpecification client(String userAgent) {
        return given().config(RestAssuredConfig.config().redirect(RedirectConfig.redirectConfig()
                .followRedirects(false))).header("User-Agent", userAgent);
    }

    @Test
    void pixelAndClickAnswerAtOnceAndAreRecordedWithTheirClass() {
        String message = UUID.randomUUID().toString();
        Instant hourAgo = Instant.now().minusSeconds(3600);
        String open = id(TrackingId.OPEN, message, "a@example.org", hourAgo, "").sign(KEY);
        String click = id(TrackingId.CLICK, message, "a@example.org", hourAgo, "https://example.com/p?q=1").sign(KEY);
        String fresh = id(TrackingId.CLICK, message, "a@example.org", Instant.now(), "https://example.com/f")
                .sign(KEY);
        try (TopicTail<DeliveryEvent> events = new TopicTail<>(Topics.DELIVERY_EVENTS,
                new DeliveryEventDeserializer())) {
            byte[] gif = client(BROWSER).get("/t/o/" + open).then().statusCode(200).contentType("image/gif")
                    .extract().asByteArray();
            assertEquals("GIF89a", new String(gif, 0, 6, StandardCharsets.US_ASCII));
            client(BROWSER).get("/t/c/" + click).then().statusCode(302)
                    .header("Location", "https://example.com/p?q=1");
            client("Mozilla/5.0").get("/t/o/" + open).then().statusCode(200);
            client(BROWSER).head("/t/c/" + click).then().statusCode(302);
            client("Mimecast Link Scanner/1.0").get("/t/c/" + click).then().statusCode(302);
            client(BROWSER).get("/t/c/" + fresh).then().statusCode(302);

            List<DeliveryEvent> got = values(events.await(r -> r.key().equals(message), 6, Duration.ofSeconds(10)));
            assertEquals(6, got.size(), got.toString());
            DeliveryEvent opened = got.get(0);
            assertEquals(DeliveryEvent.OPENED, opened.status());
            assertEquals("a@example.org", opened.recipient());
            assertEquals("team-1", opened.teamId());
            assertEquals("route-1", opened.routeId());
            assertEquals("human", opened.data().get("classification"));
            DeliveryEvent clicked = got.get(1);
            assertEquals(DeliveryEvent.CLICKED, clicked.status());
            assertEquals("https://example.com/p?q=1", clicked.data().get("url"));
            assertEquals("human", clicked.data().get("classification"));
            assertEquals("privacy", got.get(2).data().get("classification"));
            assertEquals(List.of("machine", "machine", "machine"), got.subList(3, 6).stream()
                    .map(e -> e.data().get("classification")).toList());
        }
    }

    @Test
    void tamperedTruncatedReplayedAndForeignIdsAre404AndRecordNothing() {
        String message = UUID.randomUUID().toString();
        Instant hourAgo = Instant.now().minusSeconds(3600);
        String click = id(TrackingId.CLICK, message, "a@example.org", hourAgo, "https://example.com/").sign(KEY);
        String body = click.substring(0, click.indexOf('.'));
        String mac = click.substring(click.indexOf('.'));
        String payload = new String(Base64.getUrlDecoder().decode(body), StandardCharsets.UTF_8);
        String otherRecipient = Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.replace("a@example.org", "b@example.org").getBytes(StandardCharsets.UTF_8)) + mac;
        String elsewhere = Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.replace("https://example.com/", "https://evil.example/").getBytes(StandardCharsets.UTF_8))
                + mac;
        String otherKey = id(TrackingId.CLICK, message, "a@example.org", hourAgo, "https://example.com/")
                .sign(TrackingId.key("another-key-0123456789abcdef0123456789"));
        String openAsClick = id(TrackingId.OPEN, message, "a@example.org", hourAgo, "").sign(KEY);
        String script = id(TrackingId.CLICK, message, "a@example.org", hourAgo, "javascript:alert(1)").sign(KEY);
        try (TopicTail<DeliveryEvent> events = new TopicTail<>(Topics.DELIVERY_EVENTS,
                new DeliveryEventDeserializer())) {
            for (String bad : List.of(click.substring(0, click.length() - 3), click.substring(0, 20),
                    flip(click), otherRecipient, elsewhere, otherKey, openAsClick, script, "nonsense", "a.b")) {
                client(BROWSER).get("/t/c/" + bad).then().statusCode(404);
                client(BROWSER).post("/u/" + bad).then().statusCode(404);
                if (!bad.equals(openAsClick)) {
                    client(BROWSER).get("/t/o/" + bad).then().statusCode(404);
                }
            }
            assertTrue(events.collect(r -> r.key().equals(message), Duration.ofSeconds(2)).isEmpty());
        }
    }

    @Test
    void unsubscribeGetOnlyShowsTheConfirmPageAndPostIsIdempotent() {
        String message = UUID.randomUUID().toString();
        String unsub = id(TrackingId.UNSUBSCRIBE, message, "a@example.org", Instant.now(), "").sign(KEY);
        try (TopicTail<DeliveryEvent> events = new TopicTail<>(Topics.DELIVERY_EVENTS,
                new DeliveryEventDeserializer())) {
            client(BROWSER).get("/u/" + unsub).then().statusCode(200).contentType(containsString("text/html"))
                    .body(containsString("<form method=\"post\""), containsString("a@example.org"));
            assertTrue(events.collect(r -> r.key().equals(message), Duration.ofSeconds(1)).isEmpty(),
                    "a GET changes nothing");
            client(BROWSER).contentType("application/x-www-form-urlencoded").body("List-Unsubscribe=One-Click")
                    .post("/u/" + unsub).then().statusCode(200);
            client(BROWSER).contentType("application/x-www-form-urlencoded").body("List-Unsubscribe=One-Click")
                    .post("/u/" + unsub).then().statusCode(200);
            List<DeliveryEvent> got = values(events.await(r -> r.key().equals(message), 2, Duration.ofSeconds(10)));
            assertEquals(DeliveryEvent.UNSUBSCRIBED, got.get(0).status());
            assertEquals("a@example.org", got.get(0).recipient());
        }
    }

    @Test
    void aPixelFloodIsAnsweredButRecordedOnlyUpToTheLimit() {
        String message = UUID.randomUUID().toString();
        String open = id(TrackingId.OPEN, message, "a@example.org", Instant.now(), "").sign(KEY);
        try (TopicTail<DeliveryEvent> events = new TopicTail<>(Topics.DELIVERY_EVENTS,
                new DeliveryEventDeserializer())) {
            for (int i = 0; i < 30; i++) {
                client(BROWSER).get("/t/o/" + open).then().statusCode(200);
            }
            int recorded = events.collect(r -> r.key().equals(message), Duration.ofSeconds(2)).size();
            assertTrue(recorded >= 1 && recorded <= 20, "recorded " + recorded);
        }
    }

    @Test
    void jobsCarryTheRouteSettingsWithTheMessageSettingsOverThem() {
        TestTokens.Issued issued = TestTokens.project();
        Http.awaitProjectToken(issued.token());
        TestRoutes.publish(issued.projectId(), "news", RouteChanged.TYPE_BROADCAST,
                new RouteChanged.Settings(true, true, true, false, null, null, null, null));
        TestRoutes.publish(issued.projectId(), "mail", true);
        try (TopicTail<SendJob> jobs = new TopicTail<>(Topics.SEND_JOBS, new SendJobDeserializer())) {
            String news = send(issued, "\"route\":\"news\",\"settings\":{\"track_clicks\":false}");
            String plain = send(issued, "\"settings\":{\"track_opens\":true}");
            String none = send(issued, "\"tag\":\"x\"");
            SendJob.Tracking t = job(jobs, news).tracking();
            assertEquals(new SendJob.Tracking(true, false, true, true), t);
            assertEquals(new SendJob.Tracking(true, false, false, false), job(jobs, plain).tracking());
            assertNull(job(jobs, none).tracking());
        }
    }

    private static String send(TestTokens.Issued issued, String extra) {
        return Http.withToken(issued.token()).body("{\"from\":\"a@example.com\",\"to\":[\"b@example.org\"],"
                + "\"subject\":\"s\",\"html\":\"<p>x</p>\"," + extra + "}").post("/v1/send").then().statusCode(202)
                .extract().path("message_id");
    }

    private static SendJob job(TopicTail<SendJob> jobs, String messageId) {
        return jobs.await(r -> r.value().messageId().equals(messageId), 1, Duration.ofSeconds(10)).get(0).value();
    }

    private static String flip(String id) {
        char c = id.charAt(5);
        return id.substring(0, 5) + (c == 'A' ? 'B' : 'A') + id.substring(6);
    }

    private static List<DeliveryEvent> values(List<ConsumerRecord<String, DeliveryEvent>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }
}
