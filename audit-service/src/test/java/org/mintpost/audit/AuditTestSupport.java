package org.mintpost.audit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.MessageSource;
import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.contracts.event.TokenUsed;
import org.mintpost.contracts.kafka.JsonSerializer;
import org.mintpost.contracts.token.InternalClaims;
import org.mintpost.testing.JwtKeys;
import org.mintpost.testing.KafkaBroker;
import org.mintpost.testing.PostgresDatabase;

import io.smallrye.jwt.build.Jwt;

/** Real events onto the real test broker, direct reads of the test database, and internal JWTs. */
public final class AuditTestSupport {

    public static final String DATABASE = "mintpost_audit_test";

    private static KafkaProducer<String, Object> producer;
    private static KafkaProducer<String, byte[]> rawProducer;

    private AuditTestSupport() {
    }

    public static String id() {
        return UUID.randomUUID().toString();
    }

    /** Now, at the microsecond precision PostgreSQL keeps. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    public static synchronized KafkaProducer<String, Object> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
            producer = new KafkaProducer<>(props, new StringSerializer(), new JsonSerializer<>());
        }
        return producer;
    }

    public static synchronized KafkaProducer<String, byte[]> rawProducer() {
        if (rawProducer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            rawProducer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        }
        return rawProducer;
    }

    /** Sends all, in order, and waits until the broker has every one. */
    public static void send(String topic, List<?> events) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (Object event : events) {
            sent.add(producer().send(new ProducerRecord<>(topic, key(event), event)));
        }
        producer().flush();
        for (Future<RecordMetadata> f : sent) {
            try {
                f.get();
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException("send failed", e);
            }
        }
    }

    public static void send(String topic, Object... events) {
        send(topic, List.of(events));
    }

    public static void sendRaw(String topic, String key, byte[] value) {
        try {
            rawProducer().send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("send failed", e);
        }
    }

    private static String key(Object event) {
        if (event instanceof TokenUsed e) {
            return e.tokenId() == null ? "unknown" : e.tokenId();
        }
        if (event instanceof TokenChanged e) {
            return e.tokenId();
        }
        if (event instanceof DeliveryEvent e) {
            return e.messageId();
        }
        if (event instanceof MessageSource e) {
            return e.messageId();
        }
        return null;
    }

    public static TokenUsed used(String tokenId, String teamId, String projectId, Instant at, String channel,
            String outcome, String reason, List<String> messageIds) {
        return new TokenUsed(id(), at, TokenUsed.SCHEMA_VERSION, tokenId, "project", "lm_AbCd…x9Zq", teamId,
                projectId, "203.0.113.7", "lettermint-node/2.7.0", channel,
                TokenUsed.CHANNEL_SMTP.equals(channel) ? "SMTP AUTH" : "POST /v1/send", outcome, reason, messageIds);
    }

    public static TokenUsed accepted(String tokenId, String teamId, String projectId, Instant at) {
        return used(tokenId, teamId, projectId, at, TokenUsed.CHANNEL_API, TokenUsed.OUTCOME_ACCEPTED, null,
                List.of(id()));
    }

    public static TokenChanged changed(String tokenId, String teamId, String projectId, String change, long revision,
            Instant at, String actor) {
        String status = TokenChanged.CHANGE_REVOKED.equals(change) ? TokenChanged.STATUS_REVOKED
                : TokenChanged.STATUS_ACTIVE;
        return new TokenChanged(id(), at, TokenChanged.SCHEMA_VERSION, change, tokenId, TokenChanged.KIND_PROJECT,
                teamId, projectId, "Default", "ab".repeat(32), null, null, status, List.of(), null, List.of(), true,
                revision, actor);
    }

    public static DeliveryEvent delivery(String messageId, String teamId, String projectId, String status,
            int attempt, Instant at, Integer smtpCode, String smtpResponse) {
        return new DeliveryEvent(id(), at, DeliveryEvent.SCHEMA_VERSION, messageId, teamId, projectId,
                "rcpt@example.test", status, smtpCode, smtpResponse, attempt, "Sender <sender@example.test>",
                List.of("rcpt@example.test"), "Hello", "welcome", at.minusSeconds(60), null, null, null);
    }

    /** An event as the worker publishes it: {@code recipient} null for message-level events (queued, processed). */
    public static DeliveryEvent event(String messageId, String teamId, String projectId, String routeId,
            String status, String recipient, Instant at, Instant receivedAt, String from, String to, String subject,
            String tag) {
        return new DeliveryEvent(id(), at, DeliveryEvent.SCHEMA_VERSION, messageId, teamId, projectId, recipient,
                status, null, null, 1, from, List.of(to), subject, tag, receivedAt, routeId, null, null);
    }

    /** An internal JWT of a caller limited to one project of the team. */
    public static String projectJwt(String teamId, String projectId, String... permissions) {
        return Jwt.issuer(InternalClaims.DEFAULT_ISSUER)
                .subject("x").groups(Set.of(permissions))
                .claim(InternalClaims.TEAM_ID, teamId)
                .claim(InternalClaims.PROJECT_ID, projectId).expiresIn(60)
                .sign(JwtKeys.shared().privateKey());
    }

    public static String jwt(String teamId, String... permissions) {
        return JwtKeys.shared().teamCaller(teamId, id(), List.of(permissions));
    }

    public static Connection db() throws SQLException {
        return DriverManager.getConnection(PostgresDatabase.jdbcUrl(DATABASE), PostgresDatabase.USER, "");
    }

    public static long count(String sql, Object... params) {
        try (Connection c = db(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
