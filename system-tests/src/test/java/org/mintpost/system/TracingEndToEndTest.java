package org.mintpost.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.restassured.http.ContentType;

/**
 * One send is one trace: the suite exports its spans over OTLP/HTTP to the test's receiver ({@link OtlpReceiver});
 * the edge's request, its produce on {@code send-jobs} and the worker's delivery attempt, with the upstream's
 * SMTP reply code, share one trace id; no span carries the token, an address or the content.
 */
class TracingEndToEndTest {

    static Suite suite;

    @BeforeAll
    static void startSuite() {
        assumeTrue(Suite.tracing(), "tracing turned off with -D" + Suite.OBSERVABILITY + "=false");
        suite = Suite.shared();
    }

    @Test
    void oneSendIsOneTraceFromTheEdgeToTheSmtpReply() {
        String team = suite.teamToken();
        String projectToken = given().baseUri(suite.baseUrl()).header("Authorization", "Bearer " + team)
                .contentType(ContentType.JSON).body(Map.of("name", "Traced"))
                .post("/projects").then().statusCode(201).extract().path("api_token");
        String subject = "Traced " + UUID.randomUUID();
        String recipient = "traced-" + UUID.randomUUID() + "@example.org";
        String messageId = given().baseUri(suite.baseUrl()).header("x-lettermint-token", projectToken)
                .contentType(ContentType.JSON)
                .body(Map.of("from", "Shop <shop@example.com>", "to", List.of(recipient), "subject", subject,
                        "text", "secret body text"))
                .post("/send").then().statusCode(202).extract().path("message_id");
        suite.awaitMail(subject);

        OtlpReceiver.Received delivery = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> find("dispatch-worker", messageId), r -> r != null);
        OtlpReceiver.Received produce = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> find("send-gateway", messageId), r -> r != null);
        String traceId = produce.traceId();
        assertEquals(traceId, delivery.traceId(), "the worker's delivery attempt joins the edge's trace");
        assertEquals("250", delivery.attribute("smtp.reply_code"));
        assertEquals("accepted", delivery.attribute("mintpost.smtp.outcome"));
        assertNotNull(delivery.attribute("mintpost.project_id"));

        // the edge's HTTP request is the root of that trace, with the produce span below it
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertTrue(suite.traces.spans().stream().anyMatch(r -> r.service().equals("send-gateway")
                        && r.traceId().equals(traceId) && r.span().getKind() == Span.SpanKind.SPAN_KIND_SERVER
                        && r.span().getParentSpanId().isEmpty()), "the send request's server span"));

        for (OtlpReceiver.Received r : suite.traces.spans()) {
            if (!r.traceId().equals(traceId)) {
                continue;
            }
            for (KeyValue kv : r.span().getAttributesList()) {
                String value = kv.getValue().toString();
                assertFalse(value.contains(recipient) || value.contains(projectToken)
                        || value.contains("secret body text"), r.service() + " span " + r.span().getName()
                        + " carries " + kv.getKey());
            }
        }
    }

    private static OtlpReceiver.Received find(String service, String messageId) {
        return suite.traces.spans().stream().filter(r -> r.service().equals(service))
                .filter(r -> messageId.equals(r.attribute("mintpost.message_id"))).findFirst().orElse(null);
    }
}
