package org.mintpost.token.deadline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import java.util.concurrent.CompletionException;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.PostgresResource;
import org.mintpost.token.TestKafka;
import org.mintpost.token.rest.ErrorMappers;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Every connection of the reactive pool (the request paths) cancels a query after
 * {@code mintpost.db.statement-timeout} (2 s); a cancelled query or a connection that failed is answered {@code 503}
 * + {@code Retry-After}, not {@code 500}.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "mintpost_tokens_test"))
@QuarkusTestResource(TestKafka.class)
@QuarkusTestResource(JwtKeysResource.class)
class DatabaseDeadlineTest {

    @Inject
    Pool pool;

    /** The test profile's (longer than production's 2 s, for the loaded test machine); no second profile here. */
    @ConfigProperty(name = "mintpost.db.statement-timeout")
    int statementTimeoutMs;

    @Test
    void everyConnectionHasTheStatementTimeout() {
        String value = pool.query("SHOW statement_timeout").execute().await().indefinitely().iterator().next()
                .getString(0);
        assertEquals(statementTimeoutMs / 1000 + "s", value);
    }

    @Test
    void aCancelledQueryOrARefusedConnectionIs503WithRetryAfter() {
        ErrorMappers mapper = new ErrorMappers();
        for (Exception e : new Exception[] {
                new CompletionException(new SQLException("canceling statement due to statement timeout", "57014")),
                new IllegalStateException(new java.net.ConnectException("Connection refused")) }) {
            try (Response r = mapper.fallback(e)) {
                assertEquals(503, r.getStatus(), e.toString());
                assertEquals("5", String.valueOf(r.getHeaderString("Retry-After")));
            }
        }
        try (Response r = mapper.fallback(new IllegalStateException("a bug"))) {
            assertEquals(500, r.getStatus());
        }
    }
}
