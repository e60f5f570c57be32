package org.mintpost.system;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * An OTLP/HTTP trace receiver, as an OpenTelemetry Collector is to the services: {@code POST /v1/traces} with
 * an {@code ExportTraceServiceRequest} in protobuf, decoded with the {@code opentelemetry-proto} classes.
 */
public final class OtlpReceiver implements AutoCloseable {

    /** One received span with the service that sent it. */
    public record Received(String service, Span span) {

        public String traceId() {
            return hex(span.getTraceId().toByteArray());
        }

        public String attribute(String key) {
            for (KeyValue kv : span.getAttributesList()) {
                if (kv.getKey().equals(key)) {
                    AnyValue v = kv.getValue();
                    return v.hasIntValue() ? Long.toString(v.getIntValue()) : v.getStringValue();
                }
            }
            return null;
        }
    }

    private final HttpServer server;
    /** Spans kept for the tests to read; beyond it (a benchmark's load) spans are decoded and dropped. */
    static final int KEPT = 50_000;

    private final Queue<Received> spans = new ConcurrentLinkedQueue<>();
    private final AtomicInteger kept = new AtomicInteger();

    public OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/traces", this::receive);
        server.start();
    }

    /** The base the services export to ({@code quarkus.otel.exporter.otlp.endpoint}). */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Received> spans() {
        return new ArrayList<>(spans);
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (InputStream raw = exchange.getRequestBody()) {
            InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(raw) : raw;
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(in.readAllBytes());
            for (ResourceSpans rs : request.getResourceSpansList()) {
                String service = rs.getResource().getAttributesList().stream()
                        .filter(kv -> kv.getKey().equals("service.name")).map(kv -> kv.getValue().getStringValue())
                        .findFirst().orElse("?");
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    for (Span span : ss.getSpansList()) {
                        if (kept.incrementAndGet() <= KEPT) {
                            spans.add(new Received(service, span));
                        }
                    }
                }
            }
            byte[] ok = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, ok.length == 0 ? -1 : ok.length);
        } catch (RuntimeException e) {
            exchange.sendResponseHeaders(400, -1);
        } finally {
            exchange.close();
        }
    }

    static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            sb.append(String.format("%02x", b));
        }
        return sb.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
