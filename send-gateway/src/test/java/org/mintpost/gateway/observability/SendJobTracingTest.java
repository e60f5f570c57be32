package org.mintpost.gateway.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.SendJob;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/** The produce span is a child of the send request and its context travels in the job record's headers. */
class SendJobTracingTest {

    private final List<SpanData> exported = new CopyOnWriteArrayList<>();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter() {
                @Override
                public CompletableResultCode export(Collection<SpanData> spans) {
                    exported.addAll(spans);
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode flush() {
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode shutdown() {
                    return CompletableResultCode.ofSuccess();
                }
            })).build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();

    @Test
    void theProduceSpanIsTheRequestsChildAndTravelsInTheHeaders() {
        SendJobTracing tracing = new SendJobTracing(otel);
        SendJob job = new SendJob("e1", Instant.now(), SendJob.SCHEMA_VERSION, "m-1", "t-1", "p-1", "tok-1",
                Instant.now(), "api", null, null, null, "from@example.com", List.of("to@example.org"), null, null,
                "outgoing", null, 0, null, null, null);
        ProducerRecord<String, Object> record = new ProducerRecord<>(Topics.SEND_JOBS, job.projectId(), job);
        Span request = otel.getTracer("test").spanBuilder("POST /v1/send").setSpanKind(SpanKind.SERVER).startSpan();
        Span produce;
        try (Scope ignored = request.makeCurrent()) {
            produce = tracing.produce(record, job);
        }
        SendJobTracing.acked(produce, null);
        request.end();

        SpanData span = exported.stream().filter(s -> s.getKind() == SpanKind.PRODUCER).findFirst().orElseThrow();
        assertEquals(request.getSpanContext().getTraceId(), span.getTraceId());
        assertEquals(request.getSpanContext().getSpanId(), span.getParentSpanId());
        assertEquals("m-1", span.getAttributes().get(SendJobTracing.MESSAGE_ID));
        assertEquals("p-1", span.getAttributes().get(SendJobTracing.PROJECT_ID));
        assertEquals("outgoing", span.getAttributes().get(SendJobTracing.ROUTE));
        assertTrue(span.getAttributes().asMap().values().stream().noneMatch(v -> String.valueOf(v).contains("@")),
                "no address on the span");
        assertEquals("00-" + span.getTraceId() + "-" + span.getSpanId() + "-01",
                new String(record.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8));
    }

    @Test
    void theNoopTracingWritesNoHeader() {
        SendJob job = new SendJob("e1", Instant.now(), SendJob.SCHEMA_VERSION, "m-1", "t-1", "p-1", "tok-1",
                Instant.now(), "api", null, null, null, null, List.of(), null, null, null, null, 0, null, null, null);
        ProducerRecord<String, Object> record = new ProducerRecord<>(Topics.SEND_JOBS, job.projectId(), job);
        SendJobTracing.acked(SendJobTracing.NOOP.produce(record, job), null);
        assertNull(record.headers().lastHeader("traceparent"));
    }
}
