package org.mintpost.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;

/**
 * Scheduling control end to end through the official SDK: two messages scheduled; one canceled (never reaches the
 * SMTP server, its timeline says {@code canceled}), the other rescheduled (not sent at the old time, sent once at
 * the new one); a second cancel, a reschedule of the canceled one and a bad time are 422, an unknown id 404.
 */
class SchedulingEndToEndTest {

    static Suite suite;

    @BeforeAll
    static void start() throws Exception {
        suite = Suite.shared();
        OfficialSdkTest.installSdk();
    }

    @Test
    void scheduleCancelRescheduleThroughTheSdk() throws Exception {
        String subject = "Scheduled " + UUID.randomUUID();
        Instant at = Instant.now().plusSeconds(20).truncatedTo(ChronoUnit.SECONDS);
        Instant later = at.plusSeconds(20);
        Map<String, String> env = new HashMap<>();
        env.put("BASE_URL", suite.baseUrl());
        env.put("TEAM_TOKEN", suite.teamToken());
        env.put("SUBJECT", subject);
        env.put("AT", at.toString());
        env.put("LATER", later.toString());
        String raw = OfficialSdkTest.run(List.of("node", "schedule-sdk.mjs"), env, 120);
        JsonPath out = JsonPath.from(raw.lines().reduce((a, b) -> b).orElseThrow());
        assertTrue(Instant.now().isBefore(at), "the SDK script ran past the scheduled time; nothing was shown");

        String canceledId = out.getString("toCancel.message_id");
        String movedId = out.getString("toMove.message_id");
        assertEquals("scheduled", out.getString("toCancel.status"));
        assertEquals(canceledId, out.getString("canceled.message_id"));
        assertEquals("canceled", out.getString("canceled.status"));
        assertEquals("scheduled", out.getString("moved.status"));
        assertEquals(later, Instant.parse(out.getString("moved.scheduled_at")));
        assertEquals("canceled", out.getString("canceledMessage.status"));
        assertEquals(later, Instant.parse(out.getString("movedMessage.scheduled_at")));
        assertEquals(422, out.getInt("cancelAgain.status"));
        assertEquals(422, out.getInt("moveCanceled.status"));
        assertEquals(422, out.getInt("badTime.status"));
        assertTrue(out.getString("badTime.body.errors.scheduled_at[0]").contains("ISO 8601"), raw);
        assertEquals(404, out.getInt("unknown.status"));

        // past the old time: neither was sent
        sleepUntil(at.plusSeconds(8));
        assertTrue(suite.mailsWithSubject(subject + " (canceled)").isEmpty(), "a canceled message was sent");
        assertTrue(suite.mailsWithSubject(subject + " (moved)").isEmpty(), "sent at the old time");
        // at the new time: the moved one, once; the canceled one still never
        suite.awaitMail(subject + " (moved)");
        Instant arrived = Instant.now();
        assertFalse(arrived.isBefore(later), "sent before its new time: " + arrived);
        sleepUntil(Instant.now().plusSeconds(3));
        assertEquals(1, suite.mailsWithSubject(subject + " (moved)").size());
        assertTrue(suite.mailsWithSubject(subject + " (canceled)").isEmpty(), "a canceled message was sent");

        assertTrue(events(canceledId).contains("canceled"), events(canceledId).toString());
        assertFalse(events(canceledId).contains("delivered"), events(canceledId).toString());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> events(movedId).contains("delivered"));
        assertTrue(events(movedId).contains("rescheduled"), events(movedId).toString());
    }

    private static List<String> events(String messageId) {
        return given().baseUri(suite.baseUrl()).header("Authorization", "Bearer " + suite.teamToken())
                .get("/messages/" + messageId + "/events").then().statusCode(200).extract().jsonPath()
                .getList("data.event");
    }

    private static void sleepUntil(Instant t) throws InterruptedException {
        long ms = Duration.between(Instant.now(), t).toMillis();
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }
}
