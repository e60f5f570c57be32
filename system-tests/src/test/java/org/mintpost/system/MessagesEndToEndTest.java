package org.mintpost.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;

/**
 * The read side as a user reaches it through the official SDK: four mails sent with a new project's token
 * arrive at the SMTP server; {@code messages.list} shows them newest first with the status, tag, project and
 * search filters and cursor pages; {@code retrieve} and {@code events} tell the delivery; {@code source} is the
 * MIME the SMTP server received; {@code html}/{@code text} its bodies; {@code stats.retrieve} counts what was
 * sent and delivered today; bad filters and unknown ids are the SDK's 422 and 404; a mail with Cc, Bcc, Reply-To,
 * tags and an attachment shows them in {@code retrieve} and {@code list}.
 */
class MessagesEndToEndTest {

    static Suite suite;

    @BeforeAll
    static void start() throws Exception {
        suite = Suite.shared();
        OfficialSdkTest.installSdk();
    }

    @Test
    @SuppressWarnings("unchecked")
    void sendAMixThenListFilterRetrieveReadContentAndStatsThroughTheSdk() throws Exception {
        String run = "Messages-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = new HashMap<>();
        env.put("BASE_URL", suite.baseUrl());
        env.put("TEAM_TOKEN", suite.teamToken());
        env.put("RUN", run);
        String out = OfficialSdkTest.run(List.of("node", "messages-sdk.mjs"), env, 180);
        JsonPath r = JsonPath.from(out.lines().reduce((a, b) -> b).orElseThrow());

        List<String> sentIds = r.getList("sent.id");
        List<String> newestFirst = new ArrayList<>(sentIds);
        java.util.Collections.reverse(newestFirst);
        assertEquals(List.of("pending", "pending", "pending", "pending"), r.getList("sent.status"));
        for (int i = 0; i < 4; i++) {
            assertNotNull(suite.awaitMail(run + " #" + i), "mail #" + i + " arrived");
        }
        assertEquals(newestFirst, r.getList("all.data.id"), "all four delivered, newest first");
        assertEquals(List.of("delivered", "delivered", "delivered", "delivered"), r.getList("all.data.status"));
        assertEquals(List.of(sentIds.get(1), sentIds.get(0)), r.getList("welcome.data.id"));
        assertEquals(List.of(sentIds.get(2)), r.getList("bySearch.data.id"));
        assertEquals(newestFirst.subList(0, 3), r.getList("page1.data.id"));
        assertNotNull(r.getString("page1.meta.next_cursor"));
        assertEquals(newestFirst.subList(3, 4), r.getList("page2.data.id"));
        assertNull(r.get("page2.meta.next_cursor"));

        assertEquals(sentIds.get(0), r.getString("retrieved.id"));
        assertEquals("delivered", r.getString("retrieved.status"));
        assertEquals("shop@example.com", r.getString("retrieved.from_email"));
        assertEquals("Shop", r.getString("retrieved.from_name"));
        assertEquals(run + " #0", r.getString("retrieved.subject"));
        assertEquals("welcome", r.getString("retrieved.tag"));
        assertEquals(List.of("alice@example.org"), r.getList("retrieved.to.email"));
        assertEquals(Map.of("order", "0"), r.getMap("retrieved.metadata"));
        List<String> events = r.getList("events.data.event");
        assertEquals(List.of("queued", "processed", "delivered"), events);
        assertEquals("alice@example.org", r.getString("events.data[2].metadata.recipient"));

        String source = r.getString("source");
        MimeMessage received = suite.awaitMail(run + " #0");
        assertEquals(received.getMessageID(), header(source, "Message-ID"), "the source is the MIME delivered");
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        received.writeTo(raw);
        String arrived = raw.toString(java.nio.charset.StandardCharsets.UTF_8).replace("\r\n", "\n");
        String body = source.replace("\r\n", "\n");
        // the SMTP server keeps the data without its last line break (the start of the end-of-data marker)
        assertTrue(arrived.stripTrailing().endsWith(body.substring(body.indexOf("\n\n")).stripTrailing()),
                "same body as received");
        assertEquals("<p>Hello <b>alice@example.org</b></p>", r.getString("html"));
        assertEquals("Hello alice@example.org", r.getString("text"));

        assertEquals(4, r.getInt("stats.totals.sent"));
        assertEquals(4, r.getInt("stats.totals.delivered"));
        assertEquals(0, r.getInt("stats.totals.hard_bounced"));
        assertEquals(1, r.getList("stats.daily").size());
        assertEquals(4, r.getInt("stats.daily[0].sent"));

        assertEquals(422, r.getInt("badFilter.status"));
        assertNotNull(r.get("badFilter.body.errors.'filter.status'"));
        assertEquals(404, r.getInt("unknown.status"));
        assertEquals(422, r.getInt("badStats.status"));
        assertNotNull(r.get("badStats.body.errors.to"));

        // MessageData's Cc, Bcc, Reply-To, tags and attachment list, in retrieve and in list
        assertEquals("delivered", r.getString("rich.status"));
        assertEquals(List.of("gina@example.org"), r.getList("rich.to.email"));
        assertEquals(List.of("erin@example.org"), r.getList("rich.cc.email"));
        assertEquals(List.of("Erin"), r.getList("rich.cc.name"));
        assertEquals(List.of("frank@example.org"), r.getList("rich.bcc.email"));
        assertEquals(List.of("help@example.com"), r.getList("rich.reply_to"));
        assertEquals(List.of(Map.of("name", "order", "value", "42")), r.getList("rich.tags"));
        assertEquals("invoice", r.getString("rich.tag"));
        assertEquals(List.of(Map.of("size", 11, "filename", "invoice.txt", "content_type", "text/plain")),
                r.getList("rich.attachments").stream().map(a -> {
                    Map<String, Object> m = new HashMap<>((Map<String, Object>) a);
                    assertNull(m.remove("content_id"));
                    return m;
                }).toList());
        assertEquals(List.of("erin@example.org"), r.getList("richList.data[0].cc.email"));
        assertEquals(List.of("frank@example.org"), r.getList("richList.data[0].bcc.email"));
        assertEquals(List.of("help@example.com"), r.getList("richList.data[0].reply_to"));
        assertEquals(List.of("order"), r.getList("richList.data[0].tags.name"));
        // the four mails above went out without any: null as the SDK types them
        assertNull(r.get("retrieved.cc"));
        assertNull(r.get("retrieved.attachments"));
    }

    private static String header(String mime, String name) {
        for (String line : mime.split("\r?\n")) {
            if (line.isEmpty()) {
                break;
            }
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return null;
    }
}
