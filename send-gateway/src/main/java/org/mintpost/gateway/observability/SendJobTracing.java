package org.mintpost.gateway.observability;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.mintpost.contracts.event.SendJob;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * The produce span of one job on {@code send-jobs}: a child of the send request, its W3C trace context written
 * into the record's headers so the worker's delivery attempt joins the same trace. Attributes name the message,
 * project and route only: never a token, an address or the content.
 */
@ApplicationScoped
public class SendJobTracing {

    public static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("mintpost.message_id");
    public static final AttributeKey<String> PROJECT_ID = AttributeKey.stringKey("mintpost.project_id");
    public static final AttributeKey<String> ROUTE = AttributeKey.stringKey("mintpost.route");

    /** No spans, no headers: for publishers built outside CDI (unit tests). */
    public static final SendJobTracing NOOP = new SendJobTracing(OpenTelemetry.noop());

    private static final TextMapSetter<Headers> HEADERS = (headers, key, value) -> {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    @Inject
    public SendJobTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("org.mintpost.send-gateway");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /** Starts the job's produce span under the current context and carries it in the record's headers. */
    public Span produce(ProducerRecord<String, Object> record, SendJob job) {
        Span span = tracer.spanBuilder(record.topic() + " publish").setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", record.topic())
                .setAttribute(MESSAGE_ID, job.messageId())
                .setAttribute(PROJECT_ID, job.projectId())
                .setAttribute(ROUTE, job.route() == null ? "" : job.route())
                .startSpan();
        propagator.inject(Context.current().with(span), record.headers(), HEADERS);
        return span;
    }

    /** Ends a produce span with the broker's answer. */
    public static void acked(Span span, Exception error) {
        if (error != null) {
            span.setStatus(StatusCode.ERROR, error.getClass().getSimpleName());
        }
        span.end();
    }
}
