package org.mintpost.dispatch.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.dispatch.support.Jobs;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.smallrye.mutiny.Uni;

/**
 * The delivery span joins the trace whose context the edge wrote into the job record's headers, carries the
 * reply code, is the parent of what the attempt publishes, and ends when the attempt's Uni does; the delivered
 * message's latency and the reply per project are counted. The SMTP conversation is simulated by a call to
 * {@link DeliveryTracing#replied}, as the SMTP client makes it.
 */
class DeliveryTracingTest {

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
    void theAttemptJoinsTheEdgesTraceWithItsReplyCode() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DeliveryTracing tracing = new DeliveryTracing(otel, registry);
        Span edge = otel.getTracer("edge").spanBuilder("send-jobs publish").startSpan();
        RecordHeaders jobHeaders = new RecordHeaders();
        W3CTraceContextPropagator.getInstance().inject(Context.root().with(edge), jobHeaders,
                (h, k, v) -> h.add(k, v.getBytes(StandardCharsets.UTF_8)));
        edge.end();
        SendJob job = Jobs.simple("someone@example.org");
        RecordHeaders published = new RecordHeaders();
        AtomicReference<String> mdcMessageId = new AtomicReference<>();

        Uni<Void> attempt = tracing.around("send-jobs", jobHeaders, job, () -> {
            DeliveryTracing.replied(250, "accepted");
            DeliveryTracing.inject(published);
            mdcMessageId.set((String) MDC.get("message_id"));
            return Uni.createFrom().voidItem();
        }).get();
        attempt.await().indefinitely();

        SpanData delivery = exported.stream().filter(s -> s.getName().equals("send-jobs process")).findFirst()
                .orElseThrow();
        assertEquals(edge.getSpanContext().getTraceId(), delivery.getTraceId());
        assertEquals(edge.getSpanContext().getSpanId(), delivery.getParentSpanId());
        assertEquals(250L, delivery.getAttributes().get(DeliveryTracing.REPLY_CODE));
        assertEquals("accepted", delivery.getAttributes().get(DeliveryTracing.OUTCOME));
        assertEquals(job.messageId(), delivery.getAttributes().get(DeliveryTracing.MESSAGE_ID));
        assertFalse(delivery.getAttributes().asMap().values().stream()
                .anyMatch(v -> String.valueOf(v).contains("someone@example.org")), "no address on the span");
        String traceparent = new String(published.lastHeader("traceparent").value(), StandardCharsets.UTF_8);
        assertEquals("00-" + delivery.getTraceId() + "-" + delivery.getSpanId() + "-01", traceparent);
        assertEquals(job.messageId(), mdcMessageId.get());
        assertEquals(null, MDC.get("message_id"), "the MDC is cleared after the attempt");
        assertEquals(1, registry.get(DeliveryTracing.LATENCY).timer().count());
        assertNotNull(registry.get(DeliveryTracing.REPLIES).tag("outcome", "accepted").counter());
    }

    @Test
    void aJobWithoutTraceContextStartsItsOwnTrace() {
        DeliveryTracing tracing = new DeliveryTracing(otel, new SimpleMeterRegistry());
        tracing.around("send-jobs-retry-1m", new RecordHeaders(), Jobs.simple("x@example.org"),
                () -> Uni.createFrom().voidItem()).get().await().indefinitely();
        assertEquals(1, exported.size());
        assertFalse(exported.get(0).getParentSpanContext().isValid());
    }
}
