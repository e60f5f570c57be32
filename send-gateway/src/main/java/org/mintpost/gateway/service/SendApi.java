package org.mintpost.gateway.service;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.EmailContent;
import org.mintpost.contracts.event.TokenUsed;
import org.mintpost.contracts.token.TokenFormat;
import org.mintpost.gateway.config.GatewayConfig;
import org.mintpost.gateway.domains.SenderPolicy;
import org.mintpost.gateway.routes.RoutePicker;
import org.mintpost.gateway.validation.EmailValidator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The Sending API as one flow, free of HTTP types: authenticate the project token, rate-limit, parse
 * and validate the body, apply the idempotency key, queue the jobs; every use, accepted or refused,
 * is recorded on {@code token-usage}.
 */
@ApplicationScoped
public class SendApi {

    /** Bodies above this are parsed on a worker thread, not on the event loop. */
    private static final int OFFLOAD_BYTES = 256 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNestingDepth(64)
                    .maxNumberLength(100)
                    .build())
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** One call of {@code /v1/send} or {@code /v1/send/batch}. */
    public record Request(String token, String ip, String userAgent, String endpoint, byte[] body, boolean batch,
            String idempotencyKey) {
    }

    /** The token was refused. */
    public static class AuthRefusedException extends RuntimeException {
        private final transient AuthResult result;

        public AuthRefusedException(AuthResult result) {
            super("token refused: " + result.reason(), null, false, false);
            this.result = result;
        }

        public AuthResult result() {
            return result;
        }
    }

    /** The body is not JSON at all. */
    public static class InvalidJsonException extends RuntimeException {
        public InvalidJsonException(String message) {
            super(message, null, false, false);
        }
    }

    /** The body is JSON but breaks rules: {@code errors} maps field keys to messages. */
    public static class ValidationFailedException extends RuntimeException {
        private final transient Map<String, List<String>> errors;

        public ValidationFailedException(Map<String, List<String>> errors) {
            super("validation failed", null, false, false);
            this.errors = errors;
        }

        public Map<String, List<String>> errors() {
            return errors;
        }
    }

    private final TokenAuthenticator authenticator;
    private final EmailValidator validator;
    private final SendService sendService;
    private final SenderPolicy senders;
    private final RoutePicker routes;
    private final UsageRecorder usage;
    private final int batchMaxItems;

    public SendApi(TokenAuthenticator authenticator, EmailValidator validator, SendService sendService,
            SenderPolicy senders, RoutePicker routes, UsageRecorder usage, GatewayConfig config) {
        this.routes = routes;
        this.authenticator = authenticator;
        this.validator = validator;
        this.sendService = sendService;
        this.senders = senders;
        this.usage = usage;
        this.batchMaxItems = config.limits().batchMaxItems();
    }

    public Uni<SendService.Outcome> send(Request request) {
        Instant receivedAt = Instant.now();
        return authenticator.authenticate(request.token(), request.ip(), TokenUsed.CHANNEL_API).chain(auth -> {
            AuthResult result = auth.ok() && !auth.grant().isProject()
                    ? AuthResult.refused(AuthResult.FORBIDDEN, auth.grant(), auth.display()) : auth;
            if (!result.ok()) {
                record(request, result, result.reason(), List.of());
                return Uni.createFrom().failure(new AuthRefusedException(result));
            }
            Uni<List<EmailContent>> contents = request.body().length > OFFLOAD_BYTES
                    ? Uni.createFrom().item(() -> contents(request, result.grant(), receivedAt))
                            .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    : Uni.createFrom().item(() -> contents(request, result.grant(), receivedAt));
            Grant grant = result.grant();
            return contents
                    .chain(list -> routes.pick(grant.projectId(), list.stream().map(EmailContent::route).toList(),
                            request.batch()).map(picked -> {
                                if (!picked.errors().isEmpty()) {
                                    throw new ValidationFailedException(picked.errors());
                                }
                                return new Routed(list, picked.routeIds());
                            }))
                    .onFailure(e -> e instanceof InvalidJsonException || e instanceof ValidationFailedException)
                    .invoke(e -> record(request, result, AuthResult.VALIDATION, List.of()))
                    .chain(routed -> sendService.accept(grant, routed.contents(), routed.routeIds(), request.batch(),
                            request.idempotencyKey(), receivedAt))
                    .onFailure(SendRefusedException.class)
                    .invoke(e -> {
                        SendRefusedException refused = (SendRefusedException) e;
                        if (refused.kind() != SendRefusedException.Kind.UNAVAILABLE) {
                            record(request, result, refused.reason(), List.of());
                        }
                    })
                    .invoke(outcome -> record(request, result, null,
                            outcome.accepted().stream().map(SendService.Accepted::messageId).toList()));
        });
    }

    /** Messages and the route each goes out on. */
    private record Routed(List<EmailContent> contents, List<String> routeIds) {
    }

    /** Records a refusal that happened before this flow could start (e.g. an oversized body). */
    public void recordRefused(String token, String ip, String userAgent, String endpoint, String reason) {
        usage.record(AuthResult.refused(reason, TokenFormat.display(token)), ip,
                userAgent, TokenUsed.CHANNEL_API, endpoint, reason, List.of());
    }

    private void record(Request request, AuthResult auth, String reason, List<String> messageIds) {
        usage.record(auth, request.ip(), request.userAgent(), TokenUsed.CHANNEL_API, request.endpoint(), reason,
                messageIds);
    }

    private List<EmailContent> contents(Request request, Grant grant, Instant now) {
        JsonNode root = parse(request.body());
        if (!request.batch()) {
            EmailValidator.Result result = fromAllowed(validator.validate(root, now), grant);
            if (!result.valid()) {
                throw new ValidationFailedException(result.errors());
            }
            return List.of(result.content());
        }
        if (!root.isArray()) {
            throw new ValidationFailedException(
                    Map.of("body", List.of("The request body must be a JSON array of messages.")));
        }
        if (root.isEmpty() || root.size() > batchMaxItems) {
            throw new ValidationFailedException(
                    Map.of("body", List.of("A batch must hold 1 to " + batchMaxItems + " messages.")));
        }
        Map<String, List<String>> errors = new LinkedHashMap<>();
        List<EmailContent> out = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            EmailValidator.Result result = fromAllowed(validator.validate(root.get(i), now), grant);
            if (result.valid()) {
                out.add(result.content());
            } else {
                String prefix = i + ".";
                result.errors().forEach((key, messages) -> errors.put(prefix + key, messages));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailedException(errors);
        }
        return out;
    }

    /** A valid message whose From the sender policy refuses becomes a {@code from} error. */
    private EmailValidator.Result fromAllowed(EmailValidator.Result result, Grant grant) {
        String refusal = result.valid() ? senders.refusal(grant.teamId(), grant.projectId(), result.content().from())
                : null;
        return refusal == null ? result : new EmailValidator.Result(null, Map.of("from", List.of(refusal)));
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidJsonException("The request body is empty; a JSON body is required.");
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new InvalidJsonException("The request body is not valid JSON.");
            }
            return node;
        } catch (IOException e) {
            throw new InvalidJsonException("The request body is not valid JSON.");
        }
    }
}
