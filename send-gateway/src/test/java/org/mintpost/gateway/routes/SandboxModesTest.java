package org.mintpost.gateway.routes;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.RouteChanged;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.contracts.kafka.SendJobDeserializer;
import org.mintpost.gateway.support.GatewayTest;
import org.mintpost.gateway.support.Http;
import org.mintpost.gateway.support.TestRoutes;
import org.mintpost.gateway.support.TestTokens;
import org.mintpost.gateway.support.TopicTail;

import io.restassured.response.ValidatableResponse;

/**
 * A project's message settings as {@code route-changes} carries them, against a real broker: a sandbox project's
 * sends are answered {@code delivery_mode: sandbox} with their {@code sandbox_result} (default {@code delivered}), and
 * the job says so; a redacted project's jobs say {@code redact_content}; a live project answers live whatever
 * {@code sandbox_result} says; a bad {@code sandbox_result} is a 422 naming the field.
 */
@GatewayTest
class SandboxModesTest {

    @BeforeEach
    void ready() {
        Http.awaitReady();
    }

    private static ValidatableResponse send(TestTokens.Issued issued, String slug, String extra) {
        return Http.withToken(issued.token()).body("""
                {"from":"a@example.com","to":["b@example.org"],"subject":"Sandbox","text":"Hello",
                 "route":"%s"%s}""".formatted(slug, extra)).post("/v1/send").then();
    }

    private static SendJob job(TopicTail<SendJob> jobs, String messageId) {
        return jobs.await(r -> r.value().messageId().equals(messageId), 1, Duration.ofSeconds(5)).get(0).value();
    }

    @Test
    void sandboxAndRedactionTravelFromTheRouteStateToTheAnswerAndTheJob() {
        TestTokens.Issued sandbox = TestTokens.project();
        TestTokens.Issued live = TestTokens.project();
        Http.awaitProjectToken(sandbox.token());
        Http.awaitProjectToken(live.token());
        TestRoutes.publish(sandbox.projectId(), "outgoing", new RouteChanged.ProjectSettings(SendJob.SANDBOX, true));
        TestRoutes.publish(live.projectId(), "outgoing", new RouteChanged.ProjectSettings(SendJob.LIVE, false));
        try (TopicTail<SendJob> jobs = new TopicTail<>(Topics.SEND_JOBS, new SendJobDeserializer())) {
            String bounced = send(sandbox, "outgoing", ",\"sandbox_result\":\"hard_bounced\"").statusCode(202)
                    .body("delivery_mode", equalTo("sandbox")).body("sandbox_result", equalTo("hard_bounced"))
                    .extract().path("message_id");
            String plain = send(sandbox, "outgoing", "").statusCode(202)
                    .body("delivery_mode", equalTo("sandbox")).body("sandbox_result", equalTo("delivered"))
                    .extract().path("message_id");
            String sent = send(live, "outgoing", ",\"sandbox_result\":\"opened\"").statusCode(202)
                    .body("delivery_mode", equalTo("live")).body("sandbox_result", nullValue())
                    .extract().path("message_id");

            SendJob b = job(jobs, bounced);
            assertTrue(b.sandbox());
            assertEquals("hard_bounced", b.sandboxResult());
            assertTrue(b.redacted());
            assertEquals("delivered", job(jobs, plain).sandboxResult());
            SendJob l = job(jobs, sent);
            assertFalse(l.sandbox());
            assertFalse(l.redacted());
        }
        send(sandbox, "outgoing", ",\"sandbox_result\":\"exploded\"").statusCode(422)
                .body("errors.sandbox_result[0]", containsString("sandbox_result is invalid"));
        send(sandbox, "outgoing", ",\"sandbox_result\":7").statusCode(422).body("errors", hasKey("sandbox_result"));
    }
}
