package org.mintpost.gateway.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.mintpost.gateway.config.GatewayConfig;
import org.mintpost.gateway.rest.ApiError;
import org.mintpost.gateway.rest.EdgeForwarder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * {@code GET /v1/openapi.json}: one OpenAPI 3.1 document for the whole public API, open to anyone. The edge's own
 * paths come from {@code openapi/edge.json}; each service's from its {@code /q/openapi}, fetched and merged
 * ({@link OpenApiMerger}) at most once a minute. While a service cannot be asked, the last merged document is kept;
 * before the first one, the answer is 503 with {@code Retry-After}.
 */
@Path("/v1/openapi.json")
public class OpenApiResource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration FRESH = Duration.ofMinutes(1);
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(2);

    private record Merged(ObjectNode document, Instant at) {
    }

    private final EdgeForwarder forwarder;
    private final Map<String, String> services;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(FETCH_TIMEOUT).build();
    private final ObjectNode edge;
    private final AtomicReference<Merged> merged = new AtomicReference<>();

    public OpenApiResource(EdgeForwarder forwarder, GatewayConfig config) {
        this.forwarder = forwarder;
        this.services = Map.of("token-service", strip(config.tokenService().url()),
                "audit-service", strip(config.auditService().url()),
                "webhook-service", strip(config.webhookService().url()));
        try (InputStream in = OpenApiResource.class.getResourceAsStream("/openapi/edge.json")) {
            this.edge = (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<ObjectNode> document() {
        Merged current = merged.get();
        if (current != null && current.at().plus(FRESH).isAfter(Instant.now())) {
            return Uni.createFrom().item(current.document());
        }
        return Uni.createFrom().completionStage(this::fetchAll).map(sources -> {
            ObjectNode document = OpenApiMerger.merge(edge, sources);
            merged.set(new Merged(document, Instant.now()));
            return document;
        }).onFailure().recoverWithItem(failure -> {
            Merged stale = merged.get();
            if (stale == null) {
                Log.warnf("The OpenAPI document could not be assembled: %s", failure.toString());
                throw new ApiError(503, "service_unavailable", "The API description is being assembled; retry "
                        + "in a few seconds.", null, Map.of("Retry-After", "5"));
            }
            return stale.document();
        });
    }

    private CompletableFuture<List<OpenApiMerger.Source>> fetchAll() {
        List<CompletableFuture<OpenApiMerger.Source>> fetches = new ArrayList<>();
        services.forEach((service, url) -> fetches.add(fetch(service, url)));
        return CompletableFuture.allOf(fetches.toArray(CompletableFuture[]::new))
                .thenApply(nothing -> fetches.stream().map(CompletableFuture::join)
                        .sorted((a, b) -> a.service().compareTo(b.service())).toList());
    }

    private CompletableFuture<OpenApiMerger.Source> fetch(String service, String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/q/openapi?format=json"))
                .timeout(FETCH_TIMEOUT).header("Accept", "application/json").GET().build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(response -> {
            if (response.statusCode() != 200) {
                throw new IllegalStateException(service + " answered " + response.statusCode() + " for /q/openapi");
            }
            try {
                return new OpenApiMerger.Source(service, JSON.readTree(response.body()),
                        path -> url.equals(forwarder.upstreamFor(path)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
