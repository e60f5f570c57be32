package org.mintpost.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every key of the edge, prefix {@code mintpost}; each one can be overridden by its env var. */
@ConfigMapping(prefix = "mintpost")
public interface GatewayConfig {

    TokenService tokenService();

    AuditService auditService();

    WebhookService webhookService();

    /** CIDRs whose {@code X-Forwarded-For} is believed (e.g. the ingress); empty: only the socket address counts. */
    Optional<List<String>> trustedProxies();

    Limits limits();

    RateLimit rateLimit();

    Idempotency idempotency();

    Redis redis();

    Sso sso();

    TokenMap tokenMap();

    Kafka kafka();

    Usage usage();

    InternalJwt internalJwt();

    Forwarding forwarding();

    AuthThrottle authThrottle();

    interface TokenService {
        @WithDefault("http://127.0.0.1:8081")
        String url();

        /** How long a cache-miss lookup may take before the request gets 503. */
        @WithDefault("2s")
        Duration lookupTimeout();

        /** How long an unknown token hash is answered from memory without asking token-service. */
        @WithDefault("5s")
        Duration negativeCacheTtl();

        @WithDefault("100000")
        int negativeCacheMaxSize();
    }

    interface AuditService {
        @WithDefault("http://127.0.0.1:8083")
        String url();
    }

    interface WebhookService {
        @WithDefault("http://127.0.0.1:8084")
        String url();
    }

    interface Limits {
        /** Largest body of {@code POST /v1/send}. */
        @WithDefault("26214400")
        long sendMaxBytes();

        /** Largest body of {@code POST /v1/send/batch}. */
        @WithDefault("52428800")
        long batchMaxBytes();

        /**
         * Largest declared body the edge forwards to token-service or audit-service (their own limit is
         * Quarkus's 10 MiB): bigger gets {@code 413} at the edge instead of a reset upstream and a 502.
         */
        @WithDefault("10485760")
        long forwardMaxBytes();

        @WithDefault("500")
        int batchMaxItems();

        @WithDefault("50")
        int maxRecipients();
    }

    interface RateLimit {
        @WithDefault("true")
        boolean enabled();

        /** Messages per second one token may send (a batch counts each of its messages). */
        @WithDefault("200")
        int perTokenPerSecond();

        /** Messages per second one project may send over all its tokens and all gateways. */
        @WithDefault("400")
        int perProjectPerSecond();

        /** How many gateways share the limits: without Redis each one enforces its share (limit / gateways). */
        @WithDefault("1")
        int gateways();
    }

    /** The edge's Redis calls (idempotency keys, rate-limit windows). */
    interface Redis {
        /** Deadline of each call; a few missed in a row open the circuit breaker (RedisCalls). */
        @WithDefault("250ms")
        Duration timeout();

        /** How long the breaker stays open before a probe. */
        @WithDefault("5s")
        Duration breakerDelay();
    }

    interface Idempotency {
        @WithDefault("24h")
        Duration ttl();

        /**
         * A retry finding its key in flight for longer than this takes the claim over and publishes the
         * same message ids again (the first sender has died: its publish would have timed out by now, see
         * {@code mintpost.kafka.send-timeout}). Earlier retries get {@code 409}.
         */
        @WithDefault("15s")
        Duration takeOverAfter();
    }

    interface Sso {
        /** The SSO issuer ({@code iss}); unset: SSO JWTs are refused. */
        Optional<String> issuer();

        /** PEM public key (file path or URL) or JWKS of the SSO issuer. */
        Optional<String> publicKeyLocation();

        /** The {@code aud} an SSO JWT must carry (this platform's client id at the IdP); unset: SSO JWTs are refused. */
        Optional<String> audience();
    }

    interface TokenMap {
        /** Poll timeout of the token-changes reader: the revocation path waits at most this plus network. */
        @WithDefault("20ms")
        Duration pollTimeout();

        /**
         * How long the broker may hold an empty fetch. Measured here: 100 ms gave a revocation p99 of
         * 120-160 ms, 10 ms gives 16 ms; the price is up to 100 small fetches a second per gateway.
         */
        @WithDefault("10ms")
        Duration fetchMaxWait();
    }

    interface Kafka {
        @WithDefault("127.0.0.1:9092")
        String bootstrapServers();

        /**
         * How long a send waits for the broker's ack before answering 503: with the Redis deadlines (rate limit,
         * claim, completion) a send is answered within 5 s even when a broker hangs.
         */
        @WithDefault("4s")
        Duration sendTimeout();

        /** Largest producer request; the send-jobs topic's max.message.bytes must allow as much. */
        @WithDefault("41943040")
        int maxRequestSize();

        /**
         * How long the producer gathers jobs into one batch before sending it. None by default: a client waits
         * for every job's ack, and batches grow on their own while earlier produce requests are in flight, so
         * under load a linger adds little, while on an idle edge each send waited for the whole linger (and
         * Kafka's own default of 5 ms for all of it); docs/benchmarks.md has the figures.
         */
        @WithDefault("0")
        int lingerMs();

        /**
         * Largest batch per partition: one project's sends share a partition, so at thousands of sends per
         * second Kafka's 16 KiB default would fill before {@code linger-ms} and cut them into many small
         * produce requests.
         */
        @WithDefault("131072")
        int batchSize();
    }

    interface Usage {
        /** Usage events not yet acknowledged by Kafka; past that they are dropped (and counted), never blocking. */
        @WithDefault("20000")
        int bufferSize();

        /** How long usage events gather into one batch (their own producer: nobody waits for their ack). */
        @WithDefault("50ms")
        Duration linger();

        @WithDefault("1048576")
        int batchSize();
    }

    interface InternalJwt {
        @WithDefault("https://edge.mintpost.internal")
        String issuer();

        @WithDefault("60s")
        Duration lifetime();

        /** A signed JWT is reused for this long for the same caller and client address. */
        @WithDefault("30s")
        Duration cacheFor();
    }

    interface Forwarding {
        @WithDefault("30s")
        Duration timeout();

        @WithDefault("64")
        int maxConnectionsPerUpstream();
    }

    /** Brute-force protection: malformed or unknown tokens presented per client IP (per gateway). */
    interface AuthThrottle {
        @WithDefault("true")
        boolean enabled();

        /** Failed attempts one IP may make per window; the next request from it gets {@code 429} until the window ends. */
        @WithDefault("30")
        int maxFailures();

        @WithDefault("60s")
        Duration window();

        @WithDefault("100000")
        int maxTrackedIps();
    }
}
