package org.mintpost.webhook.delivery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.webhook.config.WebhookConfig;
import org.mintpost.webhook.service.TargetGuard;

/**
 * One signed POST: the target is checked again first (DNS may have changed), redirects are not followed, the
 * whole attempt has one deadline ({@code mintpost.webhooks.request-timeout}) and only the first
 * {@code response-body-limit} bytes of the answer are read.
 */
@ApplicationScoped
public class Sender {

    private final TargetGuard guard;
    private final HttpClient client;
    private final long timeoutMs;
    private final int bodyLimit;

    public Sender(TargetGuard guard, WebhookConfig config) {
        this.guard = guard;
        this.timeoutMs = config.requestTimeout().toMillis();
        this.bodyLimit = config.responseBodyLimit();
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(config.connectTimeout()).version(HttpClient.Version.HTTP_1_1).build();
    }

    public Outcome post(String url, String secret, String eventType, String payload) {
        String refusal = guard.refusal(url);
        if (refusal != null) {
            boolean dns = refusal.equals(TargetGuard.UNRESOLVED);
            return Outcome.error(dns ? Outcome.FAILED : Outcome.CLIENT_ERROR, dns, 0, refusal);
        }
        long unix = Instant.now().getEpochSecond();
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(java.time.Duration.ofMillis(timeoutMs))
                .header("Content-Type", "application/json")
                .header("User-Agent", "mintpost-webhooks/1")
                .header("X-Lettermint-Event", eventType)
                .header(Signature.SIGNATURE_HEADER, Signature.header(secret, unix, body))
                .header(Signature.DELIVERY_HEADER, String.valueOf(unix))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<byte[]>> call = client.sendAsync(request, CappedBody.handler(bodyLimit));
        try {
            HttpResponse<byte[]> response = call.get(timeoutMs, TimeUnit.MILLISECONDS);
            return Outcome.of(response.statusCode(), elapsed(start),
                    text(response.body()), headers(response),
                    retryAfter(response.headers().firstValue("Retry-After").orElse(null)));
        } catch (TimeoutException e) {
            call.cancel(true);
            return Outcome.error(Outcome.TIMEOUT, true, elapsed(start), "no answer within " + timeoutMs + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof HttpTimeoutException) {
                return Outcome.error(Outcome.TIMEOUT, true, elapsed(start), "no answer within " + timeoutMs + " ms");
            }
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            return Outcome.error(Outcome.FAILED, true, elapsed(start), "connection failed: " + message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            return Outcome.error(Outcome.FAILED, true, elapsed(start), "interrupted");
        }
    }

    /** The answer as text PostgreSQL can keep: UTF-8, without NUL characters. */
    static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8).replace("\u0000", "");
    }

    private static int elapsed(long start) {
        return (int) TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static List<String> headers(HttpResponse<?> response) {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, List<String>> h : response.headers().map().entrySet()) {
            for (String value : h.getValue()) {
                if (lines.size() < 50) {
                    lines.add(h.getKey() + ": " + (value.length() > 512 ? value.substring(0, 512) : value));
                }
            }
        }
        return lines;
    }

    /** Seconds from a {@code Retry-After} of seconds or an HTTP date; null when absent or unreadable. */
    static Long retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Math.max(0, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Math.max(0, at.getEpochSecond() - Instant.now().getEpochSecond());
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }
}
