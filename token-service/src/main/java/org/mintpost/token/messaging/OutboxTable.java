package org.mintpost.token.messaging;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import io.agroal.api.AgroalDataSource;

/**
 * The {@code tokens.outbox} table as the relay works it: one batch of unsent rows handed to Kafka and marked
 * sent once acknowledged, under a PostgreSQL advisory lock shared by every instance; the count of rows left;
 * the removal of sent rows past their retention. JDBC only: the relay decides when.
 */
final class OutboxTable {

    /** Key of the advisory lock that serializes relay rounds across instances ("mintpost outbox"). */
    static final long LOCK_KEY = 0x6d696e74_6f757462L;

    private final AgroalDataSource dataSource;

    OutboxTable(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Publishes up to {@code batchSize} unsent rows in id order; returns how many were sent and marked. */
    int publishBatch(Producer<String, String> kafka, int batchSize, Duration ackTimeout) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement lockStatement = c.prepareStatement("select pg_advisory_xact_lock(?)")) {
                    lockStatement.setLong(1, LOCK_KEY);
                    lockStatement.execute();
                }
                List<Long> ids = new ArrayList<>();
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                try (PreparedStatement select = c.prepareStatement("select id, topic, entity_id, payload"
                        + " from tokens.outbox where sent_at is null order by id limit ?")) {
                    select.setInt(1, batchSize);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            ids.add(rows.getLong(1));
                            acks.add(kafka.send(new ProducerRecord<>(rows.getString(2), rows.getString(3),
                                    rows.getString(4))));
                        }
                    }
                }
                if (!ids.isEmpty()) {
                    long deadline = System.nanoTime() + ackTimeout.toNanos();
                    for (Future<RecordMetadata> ack : acks) {
                        ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    }
                    try (PreparedStatement mark = c.prepareStatement(
                            "update tokens.outbox set sent_at = ? where id = any(?)")) {
                        Array idArray = c.createArrayOf("bigint", ids.toArray());
                        mark.setTimestamp(1, Timestamp.from(Instant.now()));
                        mark.setArray(2, idArray);
                        mark.executeUpdate();
                    }
                }
                c.commit();
                return ids.size();
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Rows not sent yet. */
    long pending() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select count(*) from tokens.outbox where sent_at is null")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Deletes rows sent before {@code cutoff}; returns how many. */
    int deleteSentBefore(Instant cutoff) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement delete = c.prepareStatement(
                        "delete from tokens.outbox where sent_at is not null and sent_at < ?")) {
            delete.setTimestamp(1, Timestamp.from(cutoff));
            return delete.executeUpdate();
        }
    }

    /** The relay's producer: every record acknowledged by all in-sync replicas, in order, once. */
    static Producer<String, String> producer(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "token-service-outbox");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // the payload is already the record's JSON (EventJson), written in the transaction of the change
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(props);
    }
}
