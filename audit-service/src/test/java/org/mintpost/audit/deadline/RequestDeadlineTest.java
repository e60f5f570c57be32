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

/** A request not answered within {@code mintpost.db.request-deadline} gets {@code 503} + {@code Retry-After} at once. */
@QuarkusTest
@TestProfile(RequestDeadlineTest.OneSecond.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database",
        value = AuditTestSupport.DATABASE))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(JwtKeysResource.class)
class RequestDeadlineTest {

    /** The deadline at 1 s. */
    public static class OneSecond implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mintpost.db.request-deadline", "1s");
        }
    }

    @Test
    void anAnswerThatDoesNotComeInTimeIs503WithRetryAfter() {
        given().when().get("/test/deadline/slow").then()
                .time(lessThan(20L), TimeUnit.SECONDS) // without the deadline it waits out the whole query
                .statusCode(503).header("Retry-After", "5")
                .body("error", equalTo("unavailable"));
    }

    @Test
    void healthIsLeftAlone() {
        given().when().get("/q/health/live").then().statusCode(200);
    }
}
