package org.mintpost.webhook.deadline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.api.StandardErrors;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.KafkaResource;
import org.mintpost.testing.PostgresResource;
import org.mintpost.webhook.WebhookTestSupport;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Every JDBC connection cancels a query after {@code mintpost.db.statement-timeout} (2 s), and a query cancelled so,
 * or a pool that gave no connection in time, is answered {@code 503} + {@code Retry-After}, not {@code 500}.
 */
@QuarkusTest
@TestProfile(DatabaseDeadlineTest.ProductionTimeout.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database",
        value = WebhookTestSupport.DATABASE))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(JwtKeysResource.class)
class DatabaseDeadlineTest {

    /** The production statement timeout (the test profile's is longer, for the loaded test machine). */
    public static class ProductionTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mintpost.db.statement-timeout", "2000");
        }
    }

    @Inject
    DataSource dataSource;

    @Test
    void everyConnectionHasTheStatementTimeout() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW statement_timeout")) {
            rs.next();
            assertEquals("2s", rs.getString(1));
        }
    }

    @Test
    void aCancelledQueryOrNoConnectionIs503WithRetryAfter() {
        for (Exception e : new Exception[] {
                new RuntimeException(new SQLException("canceling statement due to statement timeout", "57014")),
                new SQLException("Acquisition timeout while waiting for new connection") }) {
            try (Response r = StandardErrors.of(e)) {
                assertEquals(503, r.getStatus(), e.toString());
                assertEquals("5", String.valueOf(r.getHeaderString("Retry-After")));
            }
        }
        try (Response r = StandardErrors.of(new IllegalStateException("a bug"))) {
            assertEquals(500, r.getStatus());
        }
    }
}
