package org.mintpost.system.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.token.Permissions;
import org.mintpost.contracts.token.TokenFormat;
import org.mintpost.testing.PostgresDatabase;

/**
 * Every Team API endpoint (token-service's and audit-service's, through the edge) × every credential
 * that must not get in: none, a project token, a team token of another team, a team token without the
 * endpoint's permission, an expired one, a revoked one, one used from an IP it does not allow. The
 * same requests with the full team token are the positive control (the matrix could fail). Denied
 * writes must change nothing: the targets are checked intact afterwards.
 *
 * <p>The second team: token-service bootstraps one team and has no API to make another, so the test
 * inserts a team and a team token of it (hash only, as token-service stores them) into token-service's
 * database; the gateway learns it through its real cache-miss lookup.
 */
@Order(2)
class AuthorizationMatrixIT {

    static ResilienceEnv env;
    static String project;
    static String projectToken;
    static String projectTokenId;
    static String teamTokenId;
    static String messageId;
    static String domainId;
    static String routeId;
    static String teamName;
    static String memberId;
    static String memberRoleId;
    static final Map<String, String> credentials = new LinkedHashMap<>();

    record Endpoint(String method, String path, String body, String permission, boolean collection) {
        String name() {
            return method + " " + path;
        }
    }

    @BeforeAll
    static void prepare() throws Exception {
        env = ResilienceEnv.shared();
        HttpResponse<String> created = env.team("POST", "/v1/projects", "{\"name\":\"Matrix target\"}");
        assertEquals(201, created.statusCode(), created.body());
        project = ResilienceEnv.field(created.body(), "id");
        projectToken = ResilienceEnv.field(created.body(), "api_token");
        HttpResponse<String> token = env.team("POST", "/v1/projects/" + project + "/tokens", "{\"name\":\"target\"}");
        assertEquals(201, token.statusCode(), token.body());
        projectTokenId = ResilienceEnv.field(token.body(), "id");
        teamTokenId = ResilienceEnv.field(teamToken("target", List.of(Permissions.PROJECTS_READ), null, null).body(), "id");

        HttpResponse<String> domain = env.team("POST", "/v1/domains", "{\"domain\":\"matrix-"
                + UUID.randomUUID().toString().substring(0, 8) + ".example\"}");
        assertEquals(201, domain.statusCode(), domain.body());
        domainId = ResilienceEnv.field(domain.body(), "id");
        HttpResponse<String> route = env.team("POST", "/v1/projects/" + project + "/routes",
                "{\"name\":\"Matrix route\",\"route_type\":\"transactional\"}");
        assertEquals(201, route.statusCode(), route.body());
        routeId = ResilienceEnv.field(route.body(), "id");

        HttpResponse<String> sent = env.call("POST", env.edge() + "/v1/send", Map.of("x-lettermint-token", projectToken,
                "Content-Type", "application/json"), "{\"from\":\"a@example.com\",\"to\":[\"b@example.org\"],"
                + "\"subject\":\"matrix\",\"text\":\"Hello there.\"}");
        assertEquals(202, sent.statusCode(), sent.body());
        messageId = ResilienceEnv.field(sent.body(), "message_id");

        HttpResponse<String> team = env.team("GET", "/v1/team", null);
        assertEquals(200, team.statusCode(), team.body());
        teamName = ResilienceEnv.field(team.body(), "name");
        memberId = ssoMember(ResilienceEnv.field(team.body(), "id"));
        HttpResponse<String> roles = env.team("GET", "/v1/team/roles", null);
        assertEquals(200, roles.statusCode(), roles.body());
        memberRoleId = roles.body().replaceAll("(?s).*\\{\"id\":\"([^\"]+)\",\"name\":\"Member\".*", "$1");

        credentials.put("no token", null);
        credentials.put("project token", "project:" + projectToken);
        credentials.put("team token of another team", "Bearer " + otherTeamToken());
        credentials.put("team token without the permission", "limited");
        HttpResponse<String> expiring = teamToken("expiring", Permissions.ALL,
                Instant.now().plusSeconds(6).toString(), null);
        credentials.put("expired team token", "Bearer " + ResilienceEnv.field(expiring.body(), "token"));
        HttpResponse<String> revoked = teamToken("revoked", Permissions.ALL, null, null);
        assertEquals(200, env.team("DELETE", "/v1/team/tokens/" + ResilienceEnv.field(revoked.body(), "id"), null)
                .statusCode());
        credentials.put("revoked team token", "Bearer " + ResilienceEnv.field(revoked.body(), "token"));
        credentials.put("team token from an IP it does not allow", "Bearer " + ResilienceEnv.field(
                teamToken("wrong ip", Permissions.ALL, null, List.of("10.0.0.0/8")).body(), "token"));
        credentials.put("limited:messages", "Bearer " + ResilienceEnv.field(
                teamToken("only messages", List.of(Permissions.MESSAGES_READ), null, null).body(), "token"));
        credentials.put("limited:projects", "Bearer " + ResilienceEnv.field(
                teamToken("only projects", List.of(Permissions.PROJECTS_READ), null, null).body(), "token"));
        // wait for the expiring token to expire (and the message to reach audit-service)
        ResilienceEnv.sleep(Math.max(0, Instant.parse(ResilienceEnv.field(expiring.body(), "expires_at"))
                .toEpochMilli() - System.currentTimeMillis()) + 1500);
    }

    List<Endpoint> endpoints() {
        String p = "/v1/projects/" + project;
        String d = "/v1/domains/" + domainId;
        String r = "/v1/routes/" + routeId;
        return List.of(
                new Endpoint("GET", "/v1/projects", null, Permissions.PROJECTS_READ, true),
                new Endpoint("POST", "/v1/projects", "{\"name\":\"matrix intruder\"}", Permissions.PROJECTS_CREATE, true),
                new Endpoint("GET", p, null, Permissions.PROJECTS_READ, false),
                new Endpoint("PUT", p, "{\"name\":\"renamed by an intruder\"}", Permissions.PROJECTS_MANAGE, false),
                new Endpoint("DELETE", p, null, Permissions.PROJECTS_DELETE, false),
                new Endpoint("POST", p + "/rotate-token", "{}", Permissions.PROJECT_TOKENS_ROTATE, false),
                new Endpoint("GET", p + "/tokens", null, Permissions.PROJECT_TOKENS_READ, false),
                new Endpoint("POST", p + "/tokens", "{\"name\":\"intruder\"}", Permissions.PROJECT_TOKENS_MANAGE, false),
                new Endpoint("POST", p + "/tokens/" + projectTokenId + "/regenerate", "{}",
                        Permissions.PROJECT_TOKENS_ROTATE, false),
                new Endpoint("DELETE", p + "/tokens/" + projectTokenId, null, Permissions.PROJECT_TOKENS_REVOKE, false),
                new Endpoint("GET", p + "/tokens/" + projectTokenId + "/logs", null, Permissions.PROJECT_TOKENS_READ, false),
                new Endpoint("GET", "/v1/team/tokens", null, Permissions.TEAM_TOKENS_READ, true),
                new Endpoint("POST", "/v1/team/tokens", "{\"name\":\"intruder\",\"permissions\":[\"projects:read\"]}",
                        Permissions.TEAM_TOKENS_MANAGE, true),
                new Endpoint("POST", "/v1/team/tokens/" + teamTokenId + "/regenerate", "{}",
                        Permissions.TEAM_TOKENS_ROTATE, false),
                new Endpoint("DELETE", "/v1/team/tokens/" + teamTokenId, null, Permissions.TEAM_TOKENS_REVOKE, false),
                new Endpoint("GET", "/v1/domains", null, Permissions.DOMAINS_READ, true),
                new Endpoint("POST", "/v1/domains", "{\"domain\":\"intruder-" + UUID.randomUUID().toString()
                        .substring(0, 8) + ".example\"}", Permissions.DOMAINS_MANAGE, true),
                new Endpoint("GET", d, null, Permissions.DOMAINS_READ, false),
                new Endpoint("PUT", d + "/projects", "{\"project_ids\":[\"" + project + "\"]}",
                        Permissions.DOMAINS_MANAGE, false),
                new Endpoint("POST", d + "/dns-records/verify", null, Permissions.DOMAINS_MANAGE, false),
                new Endpoint("POST", d + "/dkim/rotate", null, Permissions.DOMAINS_MANAGE, false),
                new Endpoint("DELETE", d, null, Permissions.DOMAINS_DELETE, false),
                new Endpoint("GET", p + "/routes", null, Permissions.ROUTES_READ, false),
                new Endpoint("POST", p + "/routes", "{\"name\":\"intruder\",\"route_type\":\"broadcast\"}",
                        Permissions.ROUTES_MANAGE, false),
                new Endpoint("GET", r, null, Permissions.ROUTES_READ, false),
                new Endpoint("PUT", r, "{\"name\":\"renamed by an intruder\"}", Permissions.ROUTES_MANAGE, false),
                new Endpoint("POST", r + "/verify-inbound-domain", null, Permissions.ROUTES_MANAGE, false),
                new Endpoint("DELETE", r, null, Permissions.ROUTES_DELETE, false),
                new Endpoint("GET", "/v1/messages/" + messageId, null, Permissions.MESSAGES_READ, false),
                new Endpoint("GET", "/v1/messages/" + messageId + "/events", null, Permissions.MESSAGES_READ, false),
                // the team: any permission reads it (null); another team's token answers for its own team
                new Endpoint("GET", "/v1/team", null, null, true),
                new Endpoint("PUT", "/v1/team", "{\"name\":\"renamed by an intruder\"}", Permissions.TEAM_MANAGE, true),
                new Endpoint("GET", "/v1/team/usage", null, Permissions.STATS_READ, true),
                new Endpoint("GET", "/v1/team/roles", null, Permissions.MEMBERS_READ, true),
                new Endpoint("GET", "/v1/team/members", null, Permissions.MEMBERS_READ, true),
                new Endpoint("GET", "/v1/team/members/" + memberId, null, Permissions.MEMBERS_READ, false),
                new Endpoint("PUT", "/v1/team/members/" + memberId + "/assignment", "{\"role_id\":\"" + memberRoleId
                        + "\",\"project_access\":{\"scope\":\"all\"}}", Permissions.MEMBERS_MANAGE, false));
    }

    @Test
    void noCredentialButTheRightOneGetsIntoAnyTeamApiEndpoint() throws Exception {
        List<String> wrong = new ArrayList<>();
        int cells = 0;
        for (Endpoint e : endpoints()) {
            for (Map.Entry<String, String> c : credentials.entrySet()) {
                if (c.getKey().startsWith("limited:")) {
                    continue;
                }
                String credential = c.getValue();
                if ("limited".equals(credential)) {
                    credential = credentials.get(Permissions.MESSAGES_READ.equals(e.permission())
                            ? "limited:projects" : "limited:messages");
                }
                HttpResponse<String> response = call(e, credential);
                cells++;
                String expected = expected(c.getKey(), e);
                String error = ResilienceEnv.field(response.body(), "error");
                boolean ok = switch (expected) {
                    case "401" -> response.statusCode() == 401 && "unauthenticated".equals(error);
                    case "403" -> response.statusCode() == 403 && "forbidden".equals(error);
                    case "404" -> response.statusCode() == 404 && "not_found".equals(error);
                    // another team's own collection: allowed, but nothing of ours in it
                    default -> response.statusCode() / 100 == 2 && !response.body().contains(project)
                            && !response.body().contains(teamTokenId);
                };
                if (!ok) {
                    wrong.add(e.name() + " with " + c.getKey() + ": expected " + expected + ", got "
                            + response.statusCode() + " " + abbreviate(response.body()));
                }
            }
        }
        System.out.printf("AUTHORIZATION MATRIX: %d endpoints x %d credentials = %d cells, %d wrong%n",
                endpoints().size(), credentials.size() - 2, cells, wrong.size());
        assertTrue(wrong.isEmpty(), "wrong answers:\n" + String.join("\n", wrong));

        // nothing the intruders tried changed anything
        HttpResponse<String> intact = env.team("GET", "/v1/projects/" + project, null);
        assertEquals(200, intact.statusCode(), "the project still exists");
        assertEquals("Matrix target", ResilienceEnv.field(intact.body(), "name"));
        HttpResponse<String> tokens = env.team("GET", "/v1/projects/" + project + "/tokens", null);
        assertTrue(tokens.body().contains(projectTokenId) && !tokens.body().contains("\"revoked\""),
                "the project's tokens are untouched: " + tokens.body());
        assertEquals(200, env.ping(env.suite.gateway(), projectToken), "the project's first token was not rotated");
        HttpResponse<String> domain = env.team("GET", "/v1/domains/" + domainId, null);
        assertEquals(200, domain.statusCode(), "the domain still exists");
        assertTrue(domain.body().contains("\"projects\":[]"), "no project attached by an intruder: " + domain.body());
        HttpResponse<String> route = env.team("GET", "/v1/routes/" + routeId, null);
        assertEquals(200, route.statusCode(), "the route still exists");
        assertEquals("Matrix route", ResilienceEnv.field(route.body(), "name"));
        HttpResponse<String> routes = env.team("GET", "/v1/projects/" + project + "/routes", null);
        assertTrue(!routes.body().contains("intruder"), "no route added by an intruder: " + routes.body());
        HttpResponse<String> team = env.team("GET", "/v1/team", null);
        assertEquals(teamName, ResilienceEnv.field(team.body(), "name"), "the team was not renamed");
        HttpResponse<String> member = env.team("GET", "/v1/team/members/" + memberId, null);
        assertTrue(member.body().contains("\"name\":\"Owner\""), "the member's role is unchanged: " + member.body());
    }

    /** The positive control: the full team token gets through where the others did not. */
    @Test
    void theFullTeamTokenGetsIntoEveryReadEndpoint() throws Exception {
        String full = "Bearer " + env.suite.teamToken();
        for (Endpoint e : endpoints()) {
            if (!"GET".equals(e.method())) {
                continue;
            }
            HttpResponse<String> response = null;
            for (int i = 0; i < 60; i++) { // the message reaches audit-service asynchronously
                response = call(e, full);
                if (response.statusCode() == 200) {
                    break;
                }
                ResilienceEnv.sleep(500);
            }
            assertEquals(200, response.statusCode(), e.name() + ": " + response.body());
        }
    }

    private static String expected(String credential, Endpoint e) {
        return switch (credential) {
            case "no token", "expired team token", "revoked team token" -> "401";
            case "team token of another team" -> e.collection() ? "own" : "404";
            case "team token without the permission" -> e.permission() == null ? "own" : "403";
            default -> "403";
        };
    }

    private static HttpResponse<String> call(Endpoint e, String credential) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        if (credential != null && credential.startsWith("project:")) {
            headers.put("x-lettermint-token", credential.substring("project:".length()));
        } else if (credential != null) {
            headers.put("Authorization", credential);
        }
        if (e.body() != null) {
            headers.put("Content-Type", "application/json");
        }
        return env.call(e.method(), env.edge() + e.path(), headers, e.body());
    }

    private static HttpResponse<String> teamToken(String name, List<String> permissions, String expiresAt,
            List<String> allowedIps) {
        StringBuilder body = new StringBuilder("{\"name\":\"" + name + " " + UUID.randomUUID() + "\",\"permissions\":[");
        body.append(String.join(",", permissions.stream().map(p -> "\"" + p + "\"").toList())).append("]");
        if (expiresAt != null) {
            body.append(",\"expires_at\":\"").append(expiresAt).append("\"");
        }
        if (allowedIps != null) {
            body.append(",\"allowed_ips\":[").append(String.join(",", allowedIps.stream().map(p -> "\"" + p + "\"")
                    .toList())).append("]");
        }
        HttpResponse<String> response = env.team("POST", "/v1/team/tokens", body.append("}").toString());
        assertEquals(201, response.statusCode(), response.body());
        return response;
    }

    /** A second team with a full team token, written the way token-service stores one (only the hash). */
    private static String otherTeamToken() throws Exception {
        String token = TokenFormat.newTeamToken();
        UUID team = UUID.randomUUID();
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = DriverManager.getConnection(PostgresDatabase.jdbcUrl(env.suite.database),
                PostgresDatabase.USER, "")) {
            try (PreparedStatement s = c.prepareStatement("insert into tokens.teams (id, name, created_at) values (?, ?, ?)")) {
                s.setObject(1, team);
                s.setString(2, "Other team");
                s.setTimestamp(3, now);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("insert into tokens.tokens (id, kind, team_id, name, display,"
                    + " token_hash, status, permissions, allowed_ips, created_at, updated_at, generated_at, revision,"
                    + " last_change, last_actor) values (?, 'team', ?, 'Other bootstrap', ?, ?, 'active', ?, '', ?, ?, ?,"
                    + " 1, 'created', 'system')")) {
                s.setObject(1, UUID.randomUUID());
                s.setObject(2, team);
                s.setString(3, TokenFormat.display(token));
                s.setString(4, TokenFormat.sha256Hex(token));
                s.setString(5, String.join(",", Permissions.ALL));
                s.setTimestamp(6, now);
                s.setTimestamp(7, now);
                s.setTimestamp(8, now);
                s.executeUpdate();
            }
        }
        // the positive control for this credential: it is a working team token, for its own team
        HttpResponse<String> own = env.call("GET", env.edge() + "/v1/projects", "Authorization", "Bearer " + token, null);
        assertEquals(200, own.statusCode(), "the other team's token works for its own team: " + own.body());
        return token;
    }

    /** An SSO user of our team as token-service records one on their first request (never assigned a role). */
    private static String ssoMember(String teamId) throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection c = DriverManager.getConnection(PostgresDatabase.jdbcUrl(env.suite.database),
                PostgresDatabase.USER, "");
                PreparedStatement s = c.prepareStatement("insert into tokens.team_members (id, team_id, subject, name,"
                        + " email, sso_permissions, joined_at, last_seen_at, updated_at) values (?, ?, ?, 'Matrix member',"
                        + " 'matrix@example.org', ?, now(), now(), now())")) {
            s.setObject(1, id);
            s.setObject(2, UUID.fromString(teamId));
            s.setString(3, "matrix-" + id);
            s.setString(4, String.join(",", Permissions.ALL));
            s.executeUpdate();
        }
        return id.toString();
    }

    private static String abbreviate(String body) {
        return body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }
}
