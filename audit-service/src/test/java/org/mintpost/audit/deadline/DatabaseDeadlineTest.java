package org.mintpost.audit.deadline;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.mintpost.audit.AuditTestSupport;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.KafkaResource;
import org.mintpost.testing.PostgresResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A query on a request path is cancelled after {@code mintpost.db.statement-timeout} (2 s) and answered {@code 503} +
 * {@code Retry-After} with the public error body, not a hang or a {@code 500}.
 */
@QuarkusTest
@TestProfile(DatabaseDeadlineTest.ProductionTimeout.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database",
        value = AuditTestSupport.DATABASE))
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

    @Test
    void everyConnectionOfThePoolHasTheStatementTimeout() {
        given().when().get("/test/deadline/statement-timeout").then().statusCode(200).body(equalTo("2s"));
    }

    @Test
    void aQueryPastTheTimeoutIsAnswered503WithRetryAfter() {
        given().when().get("/test/deadline/pg-sleep").then()
                .time(lessThan(20L), TimeUnit.SECONDS) // without the deadline it waits out the whole query
                .statusCode(503).header("Retry-After", "5")
                .body("error", equalTo("unavailable"));
    }
}
