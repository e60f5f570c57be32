package org.mintpost.gateway.support;

import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.contracts.kafka.JsonSerializer;
import org.mintpost.contracts.token.TokenFormat;
import org.mintpost.testing.KafkaBroker;

/** Makes tokens the way token-service does: by publishing their state on {@code token-changes}. */
public final class TestTokens {

    private static final AtomicLong REVISION = new AtomicLong(System.currentTimeMillis());
    private static KafkaProducer<String, TokenChanged> producer;

    private TestTokens() {
    }

    /** A token and its current published state. */
    public record Issued(String token, TokenChanged state) {
        public String id() {
            return state.tokenId();
        }

        public String projectId() {
            return state.projectId();
        }
    }

    public static synchronized KafkaProducer<String, TokenChanged> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
            producer = new KafkaProducer<>(props, new StringSerializer(), new JsonSerializer<>());
        }
        return producer;
    }

    public static TokenChanged projectState(String token, String projectId, List<String> allowedIps, Instant expiresAt) {
        String id = "tok-" + UUID.randomUUID();
        return new TokenChanged(UUID.randomUUID().toString(), Instant.now(), TokenChanged.SCHEMA_VERSION,
                TokenChanged.CHANGE_CREATED, id, TokenChanged.KIND_PROJECT, "team-1", projectId, "Default",
                TokenFormat.sha256Hex(token), null, null, TokenChanged.STATUS_ACTIVE, List.of(), expiresAt,
                allowedIps, true, REVISION.incrementAndGet(), "team_token:test");
    }

    public static Issued project() {
        return project(List.of(), null);
    }

    public static Issued project(List<String> allowedIps, Instant expiresAt) {
        String token = TokenFormat.newProjectToken();
        return publish(token, projectState(token, "prj-" + UUID.randomUUID(), allowedIps, expiresAt));
    }

    public static Issued team(List<String> permissions) {
        String token = TokenFormat.newTeamToken();
        String id = "team-tok-" + UUID.randomUUID();
        TokenChanged state = new TokenChanged(UUID.randomUUID().toString(), Instant.now(),
                TokenChanged.SCHEMA_VERSION, TokenChanged.CHANGE_CREATED, id, TokenChanged.KIND_TEAM, "team-1", null,
                "ci", TokenFormat.sha256Hex(token), null, null, TokenChanged.STATUS_ACTIVE, permissions, null,
                List.of(), null, REVISION.incrementAndGet(), "system");
        return publish(token, state);
    }

    public static Issued publish(String token, TokenChanged state) {
        try {
            producer().send(new ProducerRecord<>(Topics.TOKEN_CHANGES, state.tokenId(), state)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish a token state", e);
        }
        return new Issued(token, state);
    }

    /** Publishes the revoked state of {@code issued}; returns when the broker has it. */
    public static Issued revoke(Issued issued) {
        TokenChanged s = issued.state();
        TokenChanged revoked = new TokenChanged(UUID.randomUUID().toString(), Instant.now(), s.schemaVersion(),
                TokenChanged.CHANGE_REVOKED, s.tokenId(), s.kind(), s.teamId(), s.projectId(), s.name(), s.tokenHash(),
                null, null, TokenChanged.STATUS_REVOKED, s.permissions(), s.expiresAt(), s.allowedIps(),
                s.smtpEnabled(), REVISION.incrementAndGet(), "team_token:test");
        return publish(issued.token(), revoked);
    }

    /** Regenerates: a new secret for the same token id; the old one stays valid until {@code graceUntil}. */
    public static Issued regenerate(Issued issued, Instant graceUntil) {
        TokenChanged s = issued.state();
        String token = TokenFormat.newProjectToken();
        TokenChanged next = new TokenChanged(UUID.randomUUID().toString(), Instant.now(), s.schemaVersion(),
                TokenChanged.CHANGE_REGENERATED, s.tokenId(), s.kind(), s.teamId(), s.projectId(), s.name(),
                TokenFormat.sha256Hex(token), graceUntil == null ? null : s.tokenHash(), graceUntil,
                TokenChanged.STATUS_ACTIVE, s.permissions(), s.expiresAt(), s.allowedIps(), s.smtpEnabled(),
                REVISION.incrementAndGet(), "team_token:test");
        return publish(token, next);
    }
}
