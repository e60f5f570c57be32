package org.mintpost.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.mintpost.testing.OidcIssuer;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * Keyless sending (issue #28) through the packaged suite: a GitHub-Actions-shaped and a Kubernetes-shaped identity
 * each trade their OIDC identity token at the edge for a project token that sends at once, through the official SDK
 * and through the SMTP relay; a token with the shortest TTL is refused by two gateways as soon as it expires;
 * deleting a policy stops new mints while its tokens stay revocable.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeylessEndToEndTest {

    static Suite suite;
    static Suite.Service second;
    static String team;
    static String projectId;
    static String aud;
    static JsonPath shortLived;

    @BeforeAll
    static void trustTwoWorkloads() throws Exception {
        suite = Suite.shared();
        OfficialSdkTest.installSdk();
        team = suite.teamToken();
        aud = "mintpost-" + UUID.randomUUID();
        projectId = teamApi().body(Map.of("name", "Keyless " + aud, "smtp_enabled", true)).post("/projects").then().statusCode(201)
                .extract().path("data.id");
        trust("GitHub Actions", suite.ciIssuer, Map.of("repository", "acme/shop", "ref", "refs/heads/*"), 900);
        trust("Kubernetes mailer", suite.clusterIssuer, Map.of("sub", "system:serviceaccount:shop:mailer"), 900);
        trust("Short-lived", suite.ciIssuer, Map.of("repository", "acme/short"), 60);
        // minted first: its 60 s run out while the other tests run
        shortLived = exchange(suite.ciIssuer.rs256(suite.ciIssuer.github(aud, "acme/short", "refs/heads/main")))
                .statusCode(201).extract().jsonPath();
        second = suite.startExtraGateway();
    }

    @Test
    @Order(1)
    void aGithubActionsJobSendsThroughTheSdkRightAfterTheExchange() throws Exception {
        String secret = exchange(suite.ciIssuer.rs256(suite.ciIssuer.github(aud, "acme/shop", "refs/heads/main")))
                .statusCode(201)
                .body("data.created_via", equalTo("trusted_workload"))
                .body("data.name", containsString("acme/shop@refs/heads/main"))
                .extract().path("token");
        String subject = "Keyless SDK " + UUID.randomUUID();
        String out = OfficialSdkTest.run(List.of("node", "keyless-sdk.mjs"), Map.of("BASE_URL", suite.baseUrl(),
                "PROJECT_TOKEN", secret, "TO", "bob@example.org", "SUBJECT", subject), 120);
        assertTrue(out.contains("message_id"), out);
        suite.awaitMail(subject);
    }

    @Test
    @Order(2)
    void aKubernetesServiceAccountSendsThroughTheSmtpRelay() throws Exception {
        String secret = exchange(suite.clusterIssuer.es256(suite.clusterIssuer.kubernetes(aud, "shop", "mailer")))
                .statusCode(201).extract().path("token");
        String subject = "Keyless SMTP " + UUID.randomUUID();
        Session session = Session.getInstance(smtp(suite.smtpStartTlsPort()));
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("cluster@example.com"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("carol@example.org"));
        message.setSubject(subject);
        message.setText("Sent by a pod without a stored token.");
        Transport.send(message, "lettermint", secret);
        suite.awaitMail(subject);
        // a pod of another service account is not trusted
        exchange(suite.clusterIssuer.es256(suite.clusterIssuer.kubernetes(aud, "shop", "intruder")))
                .statusCode(403).body("error", equalTo("forbidden"));
    }

    @Test
    @Order(3)
    void theMintedTokensLogsStartWithTheirLifecycleEntryNamingThePolicy() {
        String tokenId = shortLived.getString("data.id");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> teamApi()
                .get("/projects/" + projectId + "/tokens/" + tokenId + "/logs").then().statusCode(200)
                .body("data.channel", hasItem("lifecycle"))
                .body("data[-1].channel", equalTo("lifecycle"))
                .body("data[-1].outcome", equalTo("created"))
                .body("data[-1].actor", containsString("trusted_workload:"))
                .body("data[-1].actor", containsString("iss=" + suite.ciIssuer.url()))
                .body("data[-1].actor", containsString("sub=repo:acme/short:ref:refs/heads/main"))
                .body("data[-1].actor", containsString("repository=acme/short")));
    }

    @Test
    @Order(4)
    void theShortLivedTokenIsRefusedByBothGatewaysOnceItExpires() {
        String secret = shortLived.getString("token");
        Instant expires = Instant.parse(shortLived.getString("data.expires_at"));
        for (Suite.Service gateway : List.of(suite.gateway(), second)) {
            if (Instant.now().isBefore(expires.minusSeconds(2))) {
                ping(gateway, secret).statusCode(200);
            }
        }
        long wait = Duration.between(Instant.now(), expires.plusMillis(100)).toMillis();
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Suite.Service gateway : List.of(suite.gateway(), second)) {
            ping(gateway, secret).statusCode(401).body("error", equalTo("unauthenticated"));
        }
    }

    @Test
    @Order(5)
    void deletingThePolicyStopsNewMintsAndItsTokensStayRevocable() {
        String policyId = trust("Doomed", suite.ciIssuer, Map.of("repository", "acme/doomed"), 900);
        JsonPath minted = exchange(suite.ciIssuer.rs256(suite.ciIssuer.github(aud, "acme/doomed", "refs/heads/x")))
                .statusCode(201).extract().jsonPath();
        teamApi().delete("/projects/" + projectId + "/trusted-workloads/" + policyId).then().statusCode(200);
        exchange(suite.ciIssuer.rs256(suite.ciIssuer.github(aud, "acme/doomed", "refs/heads/x"))).statusCode(403);
        ping(suite.gateway(), minted.getString("token")).statusCode(200);
        teamApi().delete("/projects/" + projectId + "/tokens/" + minted.getString("data.id")).then().statusCode(200)
                .body("data.status", equalTo("revoked"));
        for (Suite.Service gateway : List.of(suite.gateway(), second)) {
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .untilAsserted(() -> ping(gateway, minted.getString("token")).statusCode(401));
        }
        // a replayed identity token and a foreign issuer at the edge
        String jwt = suite.ciIssuer.rs256(suite.ciIssuer.github(aud, "acme/shop", "refs/heads/main"));
        exchange(jwt).statusCode(201);
        exchange(jwt).statusCode(401);
        try (OidcIssuer foreign = OidcIssuer.start()) {
            exchange(foreign.rs256(foreign.github(aud, "acme/shop", "refs/heads/main"))).statusCode(401);
            assertEquals(0, foreign.requests(), "no request to an issuer not on the allowlist");
        }
    }

    static String trust(String name, OidcIssuer issuer, Map<String, String> conditions, int ttl) {
        return teamApi().body(Map.of("name", name, "issuer", issuer.url(), "audience", aud, "conditions", conditions,
                "token_ttl_seconds", ttl)).post("/projects/" + projectId + "/trusted-workloads").then()
                .statusCode(201).extract().path("data.id");
    }

    static ValidatableResponse exchange(String jwt) {
        return given().baseUri(suite.baseUrl()).contentType(ContentType.JSON).body(Map.of("token", jwt))
                .post("/oidc/token").then();
    }

    static io.restassured.specification.RequestSpecification teamApi() {
        return given().baseUri(suite.baseUrl()).header("Authorization", "Bearer " + team)
                .contentType(ContentType.JSON);
    }

    static ValidatableResponse ping(Suite.Service gateway, String token) {
        return given().baseUri(gateway.baseUrl()).header("x-lettermint-token", token).get("/v1/ping").then();
    }

    static Properties smtp(int port) {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(port));
        props.put("mail.smtp.auth", "true");
        props.put("mail.smtp.auth.mechanisms", "PLAIN");
        props.put("mail.smtp.starttls.enable", "true");
        props.put("mail.smtp.starttls.required", "true");
        props.put("mail.smtp.ssl.trust", "*");
        props.put("mail.smtp.ssl.checkserveridentity", "false");
        props.put("mail.smtp.connectiontimeout", "10000");
        props.put("mail.smtp.timeout", "30000");
        return props;
    }
}
