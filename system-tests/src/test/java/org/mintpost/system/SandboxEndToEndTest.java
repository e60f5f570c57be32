package org.mintpost.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;

/**
 * Sandbox projects and {@code redact_email_content} end to end through the official SDK against the packaged suite.
 * A sandbox project's messages are answered {@code delivery_mode: sandbox} with their {@code sandbox_result}, never
 * reach the SMTP server, end in the outcome asked for with its events, and show both fields in the messages API;
 * switched to live, its messages are sent. A redacted project's message reaches the SMTP server intact while its
 * source, html and text are a 404 that says why. Bad values are 422s naming the field. The messages list filters by
 * {@code filter[delivery_mode]}; a webhook with {@code delivery_mode_filter: sandbox} gets the sandbox messages'
 * events (deliveries marked {@code sandbox}), one left at the default (live) none; a project switched back to
 * sandbox and sent to at once is sandbox.
 */
class SandboxEndToEndTest {

    static Suite suite;

    @BeforeAll
    static void start() throws Exception {
        suite = Suite.shared();
        OfficialSdkTest.installSdk();
    }

    private static JsonPath run(String script, String run) throws Exception {
        return run(script, run, "http://127.0.0.1:9/unused");
    }

    private static JsonPath run(String script, String run, String hookUrl) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("HOOK_URL", hookUrl);
        env.put("BASE_URL", suite.baseUrl());
        env.put("TEAM_TOKEN", suite.teamToken());
        env.put("RUN", run);
        String out = OfficialSdkTest.run(List.of("node", script), env, 240);
        return JsonPath.from(out.lines().reduce((a, b) -> b).orElseThrow());
    }

    @Test
    void aSandboxProjectsMessagesEndInTheirAskedOutcomeWithoutSmtp() throws Exception {
        String run = "sandbox-" + UUID.randomUUID();
        JsonPath r;
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            r = run("sandbox-sdk.mjs", run, receiver.url());
        }

        assertEquals(422, r.getInt("badCreate.status"));
        assertTrue(r.getString("badCreate.body.errors.delivery_mode[0]").contains("live or sandbox"));
        assertEquals(422, r.getInt("badUpdate.status"));
        assertTrue(r.getMap("badUpdate.body.errors").containsKey("delivery_mode"), r.prettify());
        assertEquals(422, r.getInt("badResult.status"));
        assertTrue(r.getMap("badResult.body.errors").containsKey("0.sandbox_result"), r.prettify());
        assertEquals("sandbox", r.getString("retrieved.delivery_mode"));

        assertEquals("sandbox", r.getString("single.delivery_mode"));
        assertEquals("delivered", r.getString("single.sandbox_result"));
        assertEquals("sandbox", r.getString("batch[0].delivery_mode"));
        assertEquals("hard_bounced", r.getString("batch[0].sandbox_result"));
        assertEquals("opened", r.getString("batch[1].sandbox_result"));

        assertEquals(List.of("delivered", "hard_bounced", "opened"), r.getList("messages.status"), r.prettify());
        assertEquals(List.of("sandbox", "sandbox", "sandbox"), r.getList("messages.delivery_mode"));
        assertEquals(List.of("delivered", "hard_bounced", "opened"), r.getList("messages.sandbox_result"));
        assertTrue(r.getList("list.data.delivery_mode").stream().allMatch("sandbox"::equals), r.prettify());
        assertTrue(r.getList("bouncedEvents.data.event").contains("hard_bounced"), r.prettify());
        assertEquals(3, r.getList("sandboxOnly.data").size(), r.prettify());
        assertTrue(r.getList("liveOnly.data").isEmpty(), r.prettify());
        assertEquals(422, r.getInt("badModeFilter.status"));
        assertTrue(r.getMap("badModeFilter.body.errors").containsKey("filter.delivery_mode"), r.prettify());

        // webhooks: delivery_mode_filter sandbox hears of the sandbox messages, the default (live) does not
        assertEquals(422, r.getInt("badHook.status"));
        assertTrue(r.getMap("badHook.body.errors").containsKey("delivery_mode_filter"), r.prettify());
        assertEquals("sandbox", r.getString("sandboxHook.data.delivery_mode_filter"));
        assertEquals("live", r.getString("liveHook.data.delivery_mode_filter"));
        assertTrue(r.getList("sandboxDeliveries.data").size() >= 2, r.prettify());
        assertTrue(r.getBoolean("sandboxDelivery.sandbox"), r.prettify());
        assertTrue(r.getList("liveDeliveries.data").isEmpty(), r.prettify());

        assertEquals("live", r.getString("updated.data.delivery_mode"));
        assertEquals("live", r.getString("live.delivery_mode"), r.prettify());
        assertNull(r.getString("live.sandbox_result"));
        // the live message reaches the SMTP server; none of the sandbox ones ever does
        suite.awaitMail(r.getString("liveSubject"));
        assertEquals("sandbox", r.getString("again.delivery_mode"), "switched back and sent at once: " + r.prettify());
        for (String kind : List.of("delivered", "bounced", "opened", "bad", "again")) {
            assertTrue(suite.mailsWithSubject(run + " (sandbox " + kind + ")").isEmpty(), kind + " reached SMTP");
        }
    }

    @Test
    void aRedactedProjectsMessageArrivesIntactAndItsContentIsNotKept() throws Exception {
        String run = "redact-" + UUID.randomUUID();
        JsonPath r = run("redact-sdk.mjs", run);
        assertTrue(r.getBoolean("updated.data.redact_email_content"));
        List<Map<String, Object>> tries = r.getList("tries");
        Map<String, Object> last = tries.get(tries.size() - 1);
        String prefix = "tries[" + (tries.size() - 1) + "].";
        assertEquals("delivered", last.get("status"), r.prettify());
        for (String part : List.of("source", "html", "text")) {
            assertEquals(404, r.getInt(prefix + part + ".status"), part + ": " + r.prettify());
            assertTrue(r.getString(prefix + part + ".body.message").contains("redact_email_content"), r.prettify());
        }
        MimeMessage mail = suite.awaitMail((String) last.get("subject"));
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        mail.writeTo(raw);
        assertTrue(raw.toString().contains("Your one-time code is 424242"), "the mail itself is intact");
    }
}
