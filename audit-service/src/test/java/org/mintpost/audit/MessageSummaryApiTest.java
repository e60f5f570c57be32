package org.mintpost.audit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import io.restassured.path.json.JsonPath;

/**
 * MessageData's Cc, Bcc, Reply-To, tags and attachment list from the message-level events' {@link MessageSummary}:
 * kept from the first event that carried one, whatever arrives later or again; text cleaned (a NUL never reaches
 * PostgreSQL); absent for a message whose events carried none.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database",
        value = AuditTestSupport.DATABASE))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(JwtKeysResource.class)
class MessageSummaryApiTest {

    private static JsonPath get(String team, String path) {
        return given().header("Authorization", "Bearer " + jwt(team, Permissions.MESSAGES_READ)).get(path).then()
                .statusCode(200).extract().jsonPath();
    }

    @Test
    void theSummaryOfTheQueuedEventShowsInRetrieveAndList() {
        String team = id();
        String project = id();
        String messageId = id();
        String plain = id();
        Instant t0 = now().minusSeconds(120);
        MessageSummary summary = MessageSummary.of(new EmailContent("Shop <shop@example.test>",
                List.of("a@example.test"),
                List.of("Erin <erin@example.test>"), List.of("frank@example.test"), List.of("Help <help@example.test>"),
                "Hi", null, "Hi", null, null, "invoice", List.of(new EmailContent.Tag("order", "42")), null, null, null,
                List.of(new EmailContent.Attachment("invoice\u0000.pdf", "SW52b2ljZSA0Mgo=", "application/pdf", null),
                        new EmailContent.Attachment("logo.png", "iVBORw0K", "image/png", "logo"))));
        DeliveryEvent queued = event(messageId, team, project, null, DeliveryEvent.QUEUED, null, t0, t0,
                "Shop <shop@example.test>", "a@example.test", "Hi", "invoice").withSummary(summary);
        DeliveryEvent delivered = event(messageId, team, project, null, DeliveryEvent.DELIVERED, "a@example.test",
                t0.plusSeconds(2), t0, "Shop <shop@example.test>", "a@example.test", "Hi", "invoice");
        send(Topics.DELIVERY_EVENTS, delivered, queued);
        send(Topics.DELIVERY_EVENTS, event(plain, team, project, null, DeliveryEvent.DELIVERED, "b@example.test",
                t0.plusSeconds(5), t0.plusSeconds(5), "shop@example.test", "b@example.test", "Plain", null));
        await().atMost(Duration.ofSeconds(30)).until(() -> get(team, "/v1/messages/" + messageId + "/events")
                .getList("data").size() == 2);
        // a later copy with another summary (a republished job) changes nothing
        send(Topics.DELIVERY_EVENTS, event(messageId, team, project, null, DeliveryEvent.PROCESSED, null,
                t0.plusSeconds(1), t0, "Shop <shop@example.test>", "a@example.test", "Hi", "invoice")
                .withSummary(new MessageSummary(List.of("other@example.test"), null, null, null, null)));
        await().atMost(Duration.ofSeconds(30)).until(() -> get(team, "/v1/messages/" + messageId + "/events")
                .getList("data").size() == 3 && get(team, "/v1/messages?filter[project]=" + project)
                .getList("data").size() == 2);

        JsonPath m = get(team, "/v1/messages/" + messageId);
        assertEquals("delivered", m.getString("status"));
        assertEquals(List.of("erin@example.test"), m.getList("cc.email"));
        assertEquals(List.of("Erin"), m.getList("cc.name"));
        assertEquals(List.of("frank@example.test"), m.getList("bcc.email"));
        assertEquals(List.of("help@example.test"), m.getList("reply_to"));
        assertEquals(List.of(Map.of("name", "order", "value", "42")), m.getList("tags"));
        assertEquals(List.of("invoice.pdf", "logo.png"), m.getList("attachments.filename"));
        assertEquals(List.of(11, 6), m.getList("attachments.size"));
        assertEquals(List.of("application/pdf", "image/png"), m.getList("attachments.content_type"));
        assertEquals("logo", m.getString("attachments[1].content_id"));

        JsonPath list = get(team, "/v1/messages?filter[project]=" + project);
        assertEquals(List.of(plain, messageId), list.getList("data.id"));
        assertEquals(List.of("erin@example.test"), list.getList("data[1].cc.email"));
        assertEquals(List.of("frank@example.test"), list.getList("data[1].bcc.email"));
        assertEquals(List.of("order"), list.getList("data[1].tags.name"));
        assertNull(list.get("data[0].cc"));
        assertEquals(List.of(), list.getList("data[0].tags"));

        JsonPath none = get(team, "/v1/messages/" + plain);
        assertNull(none.get("cc"));
        assertNull(none.get("bcc"));
        assertNull(none.get("reply_to"));
        assertNull(none.get("attachments"));
    }
}
