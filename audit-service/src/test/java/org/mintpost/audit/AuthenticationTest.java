package org.mintpost.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.mintpost.audit.AuditTestSupport.id;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.token.InternalClaims;
import org.mintpost.contracts.token.Permissions;
import org.mintpost.testing.JwtKeys;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.KafkaResource;
import org.mintpost.testing.PostgresResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;

/** No endpoint answers without a valid internal JWT; errors keep the API.md JSON shape. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database",
        value = AuditTestSupport.DATABASE))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(JwtKeysResource.class)
class AuthenticationTest {

    private static final List<String> PATHS = List.of("/v1/projects/p1/tokens/t1/logs", "/v1/messages/m1",
            "/v1/messages/m1/events");

    private static String signed(String issuer, long expiresAtEpoch, PrivateKey key) {
        return Jwt.issuer(issuer).subject("tt").groups(Set.copyOf(Permissions.ALL))
                .claim(InternalClaims.TEAM_ID, id()).expiresAt(expiresAtEpoch).sign(key);
    }

    @Test
    void withoutAJwtEveryEndpointIs401Json() {
        for (String path : PATHS) {
            given().when().get(path).then().statusCode(401).contentType(containsString("application/json"))
                    .body("error", equalTo("unauthenticated")).body("message", not(equalTo(null)));
        }
    }

    @Test
    void aJwtThatDoesNotVerifyIs401() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        long inAMinute = System.currentTimeMillis() / 1000 + 60;
        List<String> bad = List.of(
                "not-a-jwt",
                signed(InternalClaims.DEFAULT_ISSUER, inAMinute, generator.generateKeyPair().getPrivate()),
                signed("https://someone.else", inAMinute, JwtKeys.shared().privateKey()),
                signed(InternalClaims.DEFAULT_ISSUER, System.currentTimeMillis() / 1000 - 600,
                        JwtKeys.shared().privateKey()));
        for (String jwt : bad) {
            for (String path : PATHS) {
                given().header("Authorization", "Bearer " + jwt).when().get(path)
                        .then().statusCode(401).body("error", equalTo("unauthenticated"))
                        .body(not(containsString("Exception")));
            }
        }
    }

    @Test
    void theEdgesServiceJwtHasNoReadPermission() {
        for (String path : PATHS) {
            given().header("Authorization", "Bearer " + JwtKeys.shared().service()).when().get(path)
                    .then().statusCode(403).body("error", equalTo("forbidden"));
        }
    }

    @Test
    void unknownPathsAndMethodsGetJsonErrors() {
        String jwt = AuditTestSupport.jwt(id(), Permissions.MESSAGES_READ);
        given().header("Authorization", "Bearer " + jwt).when().get("/v1/nothing-here")
                .then().statusCode(404).body("error", equalTo("not_found"));
        given().header("Authorization", "Bearer " + jwt).when().delete("/v1/messages/m1")
                .then().statusCode(405).body("error", equalTo("method_not_allowed"));
    }

    @Test
    void healthAndMetricsAreServed() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'internal-jwt-key' }.status", equalTo("UP"));
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("audit_batches_total"));
    }
}
