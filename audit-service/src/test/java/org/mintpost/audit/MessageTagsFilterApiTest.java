package org.mintpost.audit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mintpost.audit.AuditTestSupport.event;
import static org.mintpost.audit.AuditTestSupport.id;
import static org.mintpost.audit.AuditTestSupport.jwt;
import static org.mintpost.audit.AuditTestSupport.now;
import static org.mintpost.audit.AuditTestSupport.send;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.EmailContent;
import org.mintpost.contracts.event.MessageSummary;
import org.mintpost.contracts.token.Permissions;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.KafkaResource;
import org.mintpost.testing.PostgresResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/**
 * {@code messages.list} with {@code filter[tags][N][name|value]}: every pair must be on the message (a name alone
 * matches any value); bad names, values and keys are 422 naming the field; other filters and paging still apply.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database",
        value = AuditTestSupport.DATABASE))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(JwtKeysResource.class)
class MessageTagsFilterApiTest {

    private static RequestSpecification as(String team) {
        return given().header("Authorization", "Bearer " + jwt(team, Permissions.MESSAGES_READ));
    }

    private static List<String> ids(String team, Map<String, String> query) {
        return as(team).queryParams(query).get("/v1/messages").then().statusCode(200).extract().jsonPath()
                .getList("data.id");
    }

    private static DeliveryEvent queued(String id, String team, String project, Instant at,
            List<EmailContent.Tag> tags) {
        MessageSummary summary = MessageSummary.of(new EmailContent("shop@example.test", List.of("a@example.test"),
                null, null, null, "Hi", null, "Hi", null, null, null, tags, null, null, null, null));
        DeliveryEvent e = event(id, team, project, null, DeliveryEvent.QUEUED, null, at, at, "shop@example.test",
                "a@example.test", "Hi", null);
        return summary == null ? e : e.withSummary(summary);
    }

    @Test
    void everyPairMustBeOnTheMessage() {
        String team = id();
        String project = id();
        String welcome = id();
        String welcomeV1 = id();
        String invoice = id();
        String none = id();
        Instant t0 = now().minusSeconds(300);
        send(Topics.DELIVERY_EVENTS,
                queued(welcome, team, project, t0, List.of(new EmailContent.Tag("campaign", "welcome-v2"),
                        new EmailContent.Tag("lang", "en"))),
                queued(welcomeV1, team, project, t0.plusSeconds(1), List.of(new EmailContent.Tag("campaign",
                        "welcome-v1"), new EmailContent.Tag("lang", "en"))),
                queued(invoice, team, project, t0.plusSeconds(2), List.of(new EmailContent.Tag("kind", "invoice"))),
                queued(none, team, project, t0.plusSeconds(3), null));
        await().atMost(Duration.ofSeconds(30)).until(() -> ids(team, Map.of()).size() == 4);

        assertEquals(List.of(welcome), ids(team, Map.of("filter[tags][0][name]", "campaign",
                "filter[tags][0][value]", "welcome-v2")));
        assertEquals(List.of(welcomeV1, welcome), ids(team, Map.of("filter[tags][0][name]", "campaign")));
        assertEquals(List.of(welcomeV1), ids(team, Map.of("filter[tags][0][name]", "campaign",
                "filter[tags][0][value]", "welcome-v1", "filter[tags][1][name]", "lang",
                "filter[tags][1][value]", "en")));
        assertEquals(List.of(), ids(team, Map.of("filter[tags][0][name]", "campaign",
                "filter[tags][0][value]", "welcome-v2", "filter[tags][1][name]", "kind")));
        assertEquals(List.of(invoice), ids(team, Map.of("filter[tags][3][name]", "kind",
                "filter[tags][3][value]", "invoice", "filter[project]", project)));
        assertEquals(List.of(), ids(id(), Map.of("filter[tags][0][name]", "kind")), "another team's tags stay theirs");
        assertEquals(List.of(welcomeV1), ids(team, Map.of("filter[tags][0][name]", "lang", "page[size]", "1")));
    }

    @Test
    void badTagFiltersAre422NamingTheField() {
        String team = id();
        as(team).queryParam("filter[tags][0][value]", "x").get("/v1/messages").then().statusCode(422)
                .body("errors", hasKey("filter.tags.0.name"));
        as(team).queryParam("filter[tags][0][name]", "has space").get("/v1/messages").then().statusCode(422)
                .body("errors", hasKey("filter.tags.0.name"));
        as(team).queryParam("filter[tags][0][name]", "a").queryParam("filter[tags][0][value]", "v".repeat(65))
                .get("/v1/messages").then().statusCode(422).body("errors", hasKey("filter.tags.0.value"));
        as(team).queryParam("filter[tags][x][name]", "a").get("/v1/messages").then().statusCode(422)
                .body("errors", hasKey("filter.tags"));
        as(team).queryParam("filter[tags]", "a:b").get("/v1/messages").then().statusCode(422)
                .body("errors", hasKey("filter.tags"));
        RequestSpecification many = as(team);
        for (int i = 0; i < 21; i++) {
            many = many.queryParam("filter[tags][" + i + "][name]", "t" + i);
        }
        many.get("/v1/messages").then().statusCode(422).body("errors", hasKey("filter.tags"));
    }
}
