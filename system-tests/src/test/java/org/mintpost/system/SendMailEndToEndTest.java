package org.mintpost.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.token.TokenFormat;
import org.mintpost.contracts.token.TokenKind;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * The thin path of the foundation, as a developer walks it: a team token creates a project, the
 * project token sends a mail over HTTP, the mail arrives at a real SMTP server, and the message's
 * status, the token's log and its last-used metadata are visible through the same base URL.
 */
class SendMailEndToEndTest {

    static Suite suite;

    @BeforeAll
    static void startSuite() {
        suite = Suite.shared();
    }

    @Test
    void aProjectTokenSendsAMailThatArrivesAndShowsUpInTheApi() throws Exception {
        String team = suite.teamToken();
        JsonPath created = given().baseUri(suite.baseUrl())
                .header("Authorization", "Bearer " + team)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "Webshop"))
                .post("/projects")
                .then().statusCode(201)
                .body("message", equalTo("Project created successfully."))
                .body("data.name", equalTo("Webshop"))
                .extract().jsonPath();
        String projectId = created.getString("data.id");
        String projectToken = created.getString("api_token");
        assertTrue(TokenFormat.isValid(projectToken, TokenKind.PROJECT), "api_token is a valid project token");

        given().baseUri(suite.baseUrl()).header("x-lettermint-token", projectToken)
                .get("/ping")
                .then().statusCode(200).body(equalTo("pong"));

        String subject = "Your order " + UUID.randomUUID();
        String messageId = given().baseUri(suite.baseUrl())
                .header("x-lettermint-token", projectToken)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "from", "Webshop <shop@example.com>",
                        "to", List.of("alice@example.org"),
                        "subject", subject,
                        "text", "Your order has shipped.",
                        "html", "<p>Your order has <b>shipped</b>.</p>"))
                .post("/send")
                .then().statusCode(202)
                .body("status", equalTo("pending"))
                .body("message_id", notNullValue())
                .extract().path("message_id");

        MimeMessage mail = suite.awaitMail(subject);
        assertEquals(new InternetAddress("Webshop <shop@example.com>"), mail.getFrom()[0]);
        assertEquals("alice@example.org", ((InternetAddress) mail.getAllRecipients()[0]).getAddress());
        assertTrue(new String(mail.getRawInputStream().readAllBytes()).contains("Your order has"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().baseUri(suite.baseUrl())
                .header("Authorization", "Bearer " + team)
                .get("/messages/" + messageId)
                .then().statusCode(200)
                .body("status", equalTo("delivered"))
                .body("subject", equalTo(subject)));

        String tokenId = given().baseUri(suite.baseUrl())
                .header("Authorization", "Bearer " + team)
                .get("/projects/" + projectId + "/tokens")
                .then().statusCode(200)
                .body("data.name", hasItem("Default"))
                .extract().path("data[0].id");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().baseUri(suite.baseUrl())
                .header("Authorization", "Bearer " + team)
                .get("/projects/" + projectId + "/tokens/" + tokenId + "/logs")
                .then().statusCode(200)
                .body("data.outcome", hasItem("accepted"))
                .body("data.message_ids.flatten()", hasItem(messageId)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().baseUri(suite.baseUrl())
                .header("Authorization", "Bearer " + team)
                .get("/projects/" + projectId)
                .then().statusCode(200)
                .body("token_last_used_at", notNullValue())
                .body("token_last_used_ip", equalTo("127.0.0.1")));
    }

    @Test
    void aMissingOrMistypedTokenGets401WithAJsonBody() {
        given().baseUri(suite.baseUrl()).contentType(ContentType.JSON).body("{}")
                .post("/send")
                .then().statusCode(401).body("error", equalTo("unauthenticated"));
        given().baseUri(suite.baseUrl()).header("x-lettermint-token", "lm_2wl5IkxdYbT9Msky0tq6j1rj4N2RVEFT")
                .get("/ping")
                .then().statusCode(401).body("error", equalTo("unauthenticated"));
        given().baseUri(suite.baseUrl()).header("Authorization", "Bearer lm_team_nope")
                .get("/projects")
                .then().statusCode(401).body("error", equalTo("unauthenticated"));
    }
}
