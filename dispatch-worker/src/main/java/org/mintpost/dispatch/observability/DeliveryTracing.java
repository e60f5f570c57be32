package org.mintpost.dispatch.observability;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jboss.logging.MDC;
import org.mintpost.contracts.event.SendJob;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.smallrye.mutiny.Uni;

/**
 * One span per delivery attempt, joined to the trace the edge started (W3C trace context in the job record's
 * headers), with the message, project, route and the upstream's SMTP reply code as attributes: never a
 * token, an address or the content. While it runs, the records the attempt publishes carry its context
 * ({@link #inject}) and log lines carry {@code traceId}, {@code spanId} and {@code message_id} (MDC). A delivered
 * message's time from the edge's accept is recorded in {@value #LATENCY}.
 */
@ApplicationScoped
public class DeliveryTracing {

    public static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("mintpost.message_id");
    public static final AttributeKey<String> PROJECT_ID = AttributeKey.stringKey("mintpost.project_id");
    public static final AttributeKey<String> ROUTE = AttributeKey.stringKey("mintpost.route");
    public static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("mintpost.attempt");
    public static final AttributeKey<Long> REPLY_CODE = AttributeKey.longKey("smtp.reply_code");
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("mintpost.smtp.outcome");

    /** Accepted at the edge to the upstream's 250, per delivered message (a histogram, {@link Histograms}). */
    public static final String LATENCY = "mintpost.delivery.latency";

    /** Upstream replies per project and kind (accepted, transient, permanent): the hard-bounce ratio per project. */
    public static final String REPLIES = "mintpost.delivery.replies";

    /** The outcome of the attempt running on this thread, told by the SMTP client ({@link #replied}). */
    private static final ThreadLocal<String> OUTCOME_HERE = new ThreadLocal<>();

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<Headers> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            List<String> keys = new ArrayList<>();
            headers.forEach(h -> keys.add(h.key()));
            return keys;
        }

        @Override
        public String get(Headers headers, String key) {
            Header header = headers == null ? null : headers.lastHeader(key);
            return header == null || header.value() == null ? null
                    : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private static final TextMapSetter<Headers> SETTER = (headers, key, value) -> {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    };

    private final Tracer tracer;
    private final Timer latency;
    private final MeterRegistry registry;

    public DeliveryTracing(OpenTelemetry openTelemetry, MeterRegistry registry) {
        this.tracer = openTelemetry.getTracer("org.mintpost.dispatch-worker");
        this.registry = registry;
        this.latency = Timer.builder(LATENCY).description("from the edge's accept to the upstream's acceptance")
                .register(registry);
    }

    /** The job's work inside its delivery span; the span ends when the Uni does (events acknowledged). */
    public Supplier<Uni<Void>> around(String topic, Headers headers, SendJob job, Supplier<Uni<Void>> work) {
        return () -> {
            Context parent = W3C.extract(Context.root(), headers, GETTER);
            Span span = tracer.spanBuilder(topic + " process").setParent(parent).setSpanKind(SpanKind.CONSUMER)
                    .setAttribute("messaging.system", "kafka")
                    .setAttribute("messaging.destination.name", topic)
                    .setAttribute(MESSAGE_ID, job.messageId())
                    .setAttribute(PROJECT_ID, job.projectId() == null ? "" : job.projectId())
                    .setAttribute(ROUTE, job.route() == null ? "" : job.route())
                    .setAttribute(ATTEMPT, (long) job.attempt() + 1)
                    .startSpan();
            SpanContext ids = span.getSpanContext();
            MDC.put("message_id", job.messageId() == null ? "" : job.messageId());
            if (ids.isValid()) {
                MDC.put("traceId", ids.getTraceId());
                MDC.put("spanId", ids.getSpanId());
            }
            OUTCOME_HERE.remove();
            try (Scope ignored = span.makeCurrent()) {
                Uni<Void> done = work.get();
                String outcome = OUTCOME_HERE.get();
                if (outcome != null) {
                    registry.counter(REPLIES, "outcome", outcome, "project_id",
                            job.projectId() == null ? "" : job.projectId()).increment();
                }
                if ("accepted".equals(outcome) && job.receivedAt() != null) {
                    latency.record(Duration.between(job.receivedAt(), Instant.now()));
                }
                return done.onTermination().invoke((item, failure, cancelled) -> {
                    if (failure != null) {
                        span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
                    }
                    span.end();
                });
            } catch (RuntimeException e) {
                span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
                span.end();
                throw e;
            } finally {
                OUTCOME_HERE.remove();
                MDC.remove("message_id");
                MDC.remove("traceId");
                MDC.remove("spanId");
            }
        };
    }

    /** Puts the upstream's answer on the current delivery span. */
    public static void replied(Integer code, String outcome) {
        Span span = Span.current();
        if (code != null) {
            span.setAttribute(REPLY_CODE, code.longValue());
        }
        span.setAttribute(OUTCOME, outcome);
        OUTCOME_HERE.set(outcome);
    }

    /** Writes the current span's context (the delivery attempt) into a record the attempt publishes. */
    public static void inject(Headers headers) {
        if (Span.current().getSpanContext().isValid()) {
            W3C.inject(Context.current(), headers, SETTER);
        }
    }
}
