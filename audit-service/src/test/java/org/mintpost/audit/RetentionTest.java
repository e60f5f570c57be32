package org.mintpost.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mintpost.audit.AuditTestSupport.count;
import static org.mintpost.audit.AuditTestSupport.id;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.mintpost.audit.service.RetentionService;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.KafkaResource;
import org.mintpost.testing.PostgresResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** Retention deletes what is older than the period, in bounded chunks, and nothing newer. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database",
        value = AuditTestSupport.DATABASE))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(JwtKeysResource.class)
class RetentionTest {

    @Inject
    RetentionService retention;

    @Test
    void deletesOldRowsInChunksAndKeepsRecentOnes() throws Exception {
        String token = id();
        String messageId = id();
        Instant now = Instant.now();
        try (Connection c = AuditTestSupport.db()) {
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO audit.token_log (event_id, at, token_id, channel, outcome)
                    SELECT gen_random_uuid()::text, ?::timestamptz - (g * interval '1 second'), ?, 'api', 'accepted'
                    FROM generate_series(1, ?) g""")) {
                s.setTimestamp(1, Timestamp.from(now.minus(Duration.ofDays(91))));
                s.setString(2, token);
                s.setInt(3, 2500);
                s.executeUpdate();
                s.setTimestamp(1, Timestamp.from(now.minus(Duration.ofDays(89))));
                s.setInt(3, 7);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO audit.delivery_event (event_id, occurred_at, message_id, status, attempt)
                    SELECT gen_random_uuid()::text, ?::timestamptz - (g * interval '1 second'), ?, 'delivered', 1
                    FROM generate_series(1, ?) g""")) {
                s.setTimestamp(1, Timestamp.from(now.minus(Duration.ofDays(100))));
                s.setString(2, messageId);
                s.setInt(3, 1200);
                s.executeUpdate();
                s.setTimestamp(1, Timestamp.from(now.minus(Duration.ofDays(1))));
                s.setInt(3, 3);
                s.executeUpdate();
            }
        }

        RetentionService.Result result = retention.purge().await().atMost(Duration.ofSeconds(60));

        // chunk size 1000 in the test profile: 1000 + 1000 + 500, then 1000 + 200
        assertEquals(2500, result.tokenLogRows());
        assertEquals(3, result.tokenLogChunks());
        assertEquals(1200, result.deliveryEventRows());
        assertEquals(2, result.deliveryEventChunks());
        assertEquals(7, count("SELECT count(*) FROM audit.token_log WHERE token_id = ?", token));
        assertEquals(3, count("SELECT count(*) FROM audit.delivery_event WHERE message_id = ?", messageId));

        RetentionService.Result again = retention.purge().await().atMost(Duration.ofSeconds(60));
        assertEquals(0, again.tokenLogRows() + again.deliveryEventRows());
    }
}
