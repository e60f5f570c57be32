package org.mintpost.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.token.Permissions;

import io.restassured.path.json.JsonPath;
import io.smallrye.jwt.build.Jwt;

/**
 * The team surface end to end through the official SDK: {@code team.retrieve/update/roles/usage/members/member/
 * updateMemberAssignment}. A message sent through the Sending API shows in the month's usage; an SSO user signing in
 * at an edge that trusts a test identity provider becomes a member; an assignment to the member role holds from
 * that user's next request (renaming the team is refused, reading projects is not); bad input is 4xx.
 */
class TeamEndToEndTest {

    private static final String SSO_ISSUER = "https://sso.team-test.example";
    private static final String SSO_AUDIENCE = "mintpost-team-test";

    static Suite suite;
    static KeyPair ssoKeys;
    static String ssoBaseUrl;

    @BeforeAll
    static void start() throws Exception {
        suite = Suite.shared();
        OfficialSdkTest.installSdk();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        ssoKeys = generator.generateKeyPair();
        Path pem = suite.work.resolve("team-test-sso-public.pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(ssoKeys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        ssoBaseUrl = suite.startExtraGateway(Map.of("MINTPOST_SSO_ISSUER", SSO_ISSUER,
                "MINTPOST_SSO_PUBLIC_KEY_LOCATION", pem.toUri().toString(),
                "MINTPOST_SSO_AUDIENCE", SSO_AUDIENCE)).baseUrl() + "/v1";
    }

    @Test
    void theTeamItsRolesAndUsage() throws Exception {
        String tag = Long.toString(System.nanoTime());
        JsonPath read = sdk(suite.baseUrl(), suite.teamToken(), Map.of("PHASE", "read", "TAG", tag));
        assertEquals("Team settings updated successfully.", read.getString("updated.message"));
        assertEquals("Team " + tag, read.getString("after.name"));
        assertEquals(read.getString("before.id"), read.getString("after.id"));
        assertTrue(read.getInt("after.projects_count") >= 0);
        assertEquals(List.of("owner", "admin", "member"), read.getList("roles.data.system_key"));
        assertEquals(Permissions.ALL, read.getList("roles.data[0].permissions"));
        assertNotNull(read.getString("usage.current_period.period_start"));
        assertEquals(422, read.getInt("badName.status"));
        assertTrue(read.getBoolean("badName.validation"));
        assertEquals(404, read.getInt("unknown.status"));
        assertEquals(404, read.getInt("unknownAssign.status"));

        long before = read.getLong("usage.current_period.usage");
        JsonPath sent = sdk(suite.baseUrl(), suite.teamToken(), Map.of("PHASE", "send", "TAG", tag));
        assertNotNull(sent.getString("sent.message_id"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> sdk(suite.baseUrl(), suite.teamToken(),
                Map.of("PHASE", "usage", "TAG", tag)).getLong("current_period.usage") >= before + 1);
    }

    @Test
    void anSsoUserBecomesAMemberAndTheirAssignmentHoldsFromTheNextRequest() throws Exception {
        String tag = Long.toString(System.nanoTime());
        String subject = "erin-" + tag;
        String teamId = sdk(suite.baseUrl(), suite.teamToken(), Map.of("PHASE", "read", "TAG", tag))
                .getString("after.id");
        String sso = Jwt.issuer(SSO_ISSUER).audience(SSO_AUDIENCE).subject(subject).claim("team_id", teamId)
                .claim("permissions", Permissions.ALL).expiresIn(600).sign(ssoKeys.getPrivate());

        JsonPath first = sdk(ssoBaseUrl, sso, Map.of("PHASE", "as-member", "TAG", tag));
        assertNull(first.get("retrieved"), "an SSO user with every permission reads the team");
        assertNull(first.get("rename"), "and may rename it before any assignment");

        JsonPath roles = sdk(suite.baseUrl(), suite.teamToken(), Map.of("PHASE", "read", "TAG", tag));
        JsonPath assigned = sdk(suite.baseUrl(), suite.teamToken(), Map.of("PHASE", "assign", "TAG", tag,
                "SUBJECT", subject, "ROLE_ID", roles.getString("roles.data[2].id"),
                "OWNER_ROLE_ID", roles.getString("roles.data[0].id")));
        assertEquals("Owner", assigned.getString("shown.role.name"));
        assertNotNull(assigned.getString("shown.joined_at"));
        assertEquals(422, assigned.getInt("owner.status"));
        assertEquals(422, assigned.getInt("badScope.status"));
        assertEquals("Member", assigned.getString("assigned.role.name"));
        assertEquals("all", assigned.getString("assigned.project_access.scope"));

        JsonPath after = sdk(ssoBaseUrl, sso, Map.of("PHASE", "as-member", "TAG", tag));
        assertNull(after.get("projects"), "a member still reads projects");
        assertEquals(403, after.getInt("rename.status"), "a member may not rename the team");
    }

    private static JsonPath sdk(String baseUrl, String token, Map<String, String> phase) throws Exception {
        Map<String, String> env = new HashMap<>(phase);
        env.put("BASE_URL", baseUrl);
        env.put("TOKEN", token);
        String out = OfficialSdkTest.run(List.of("node", "team-sdk.mjs"), env, 120);
        return JsonPath.from(out.lines().reduce((a, b) -> b).orElseThrow());
    }
}
