package org.mintpost.gateway.support;

import static io.restassured.RestAssured.given;

import java.time.Duration;

import org.awaitility.Awaitility;

import io.restassured.specification.RequestSpecification;

/** Small helpers shared by the HTTP tests. */
public final class Http {

    private Http() {
    }

    public static void awaitReady() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    /** Waits until the gateway answers a ping with this project token (the token map has it). */
    public static void awaitProjectToken(String token) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> given().header("x-lettermint-token", token).get("/v1/ping").statusCode() == 200);
    }

    public static RequestSpecification withToken(String token) {
        return given().header("x-lettermint-token", token).contentType("application/json");
    }

    public static String simpleBody(String subject) {
        return """
                {"from":"Sender <sender@example.com>","to":["rcpt@example.org"],"subject":"%s","text":"Hello there"}
                """.formatted(subject);
    }
}
