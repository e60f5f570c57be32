package org.mintpost.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.contracts.kafka.EventJson;
import org.mintpost.contracts.token.Permissions;
import org.mintpost.testing.PostgresDatabase;

/**
 * V61: live team tokens that held every permission before Permissions.ALL grew get the new ones and are published
 * (an outbox row the gateways read as a {@code TokenChanged}); a chosen subset, or a revoked token, is left alone.
 */
class FullAccessMigrationTest {

    private static final String DB = "mintpost_tokens_migration_test";
    private static final List<String> ADDED = List.of(Permissions.MESSAGES_SEND, Permissions.TEAM_MANAGE,
            Permissions.MEMBERS_READ, Permissions.MEMBERS_MANAGE);

    private static Flyway flyway(String target) {
        return Flyway.configure().dataSource(PostgresDatabase.jdbcUrl(DB), PostgresDatabase.USER, "")
                .schemas("tokens").createSchemas(true).target(target).load();
    }

    @Test
    void fullAccessTokensKeepFullAccess() throws Exception {
        PostgresDatabase.recreate(DB);
        flyway("60").migrate();
        List<String> before = new ArrayList<>(Permissions.ALL);
        before.removeAll(ADDED);
        UUID team = UUID.randomUUID();
        UUID full = UUID.randomUUID();
        UUID fullWithSend = UUID.randomUUID();
        UUID subset = UUID.randomUUID();
        UUID revoked = UUID.randomUUID();
        List<String> withSend = new ArrayList<>(before);
        withSend.add(Permissions.MESSAGES_SEND);
        try (Connection c = DriverManager.getConnection(PostgresDatabase.jdbcUrl(DB), PostgresDatabase.USER, "")) {
            try (Statement s = c.createStatement()) {
                s.execute("insert into tokens.teams (id, name, created_at) values ('" + team + "', 't', now())");
            }
            insert(c, team, full, "full", String.join(",", before), "active", "10.0.0.0/8");
            insert(c, team, fullWithSend, "with send", String.join(",", withSend), "active", "");
            insert(c, team, subset, "subset", String.join(",", before.subList(0, 5)), "active", "");
            insert(c, team, revoked, "revoked", String.join(",", before), "revoked", "");
        }
        flyway("latest").migrate();

        try (Connection c = DriverManager.getConnection(PostgresDatabase.jdbcUrl(DB), PostgresDatabase.USER, "")) {
            assertEquals(new HashSet<>(Permissions.ALL), permissions(c, full));
            assertEquals(new HashSet<>(Permissions.ALL), permissions(c, fullWithSend));
            assertEquals(new HashSet<>(before.subList(0, 5)), permissions(c, subset));
            assertFalse(permissions(c, revoked).contains(Permissions.MESSAGES_SEND));
            try (PreparedStatement s = c.prepareStatement("select entity_id, revision, payload from tokens.outbox "
                    + "where topic = 'token-changes' order by id");
                    ResultSet r = s.executeQuery()) {
                List<UUID> published = new ArrayList<>();
                while (r.next()) {
                    TokenChanged change = EventJson.MAPPER.readValue(r.getString("payload"), TokenChanged.class);
                    published.add(UUID.fromString(change.tokenId()));
                    assertEquals(r.getLong("revision"), change.revision());
                    assertEquals(2L, change.revision());
                    assertEquals(TokenChanged.CHANGE_UPDATED, change.change());
                    assertEquals(TokenChanged.KIND_TEAM, change.kind());
                    assertEquals(TokenChanged.STATUS_ACTIVE, change.status());
                    assertEquals(team.toString(), change.teamId());
                    assertTrue(change.permissions().containsAll(Permissions.ALL));
                    assertNull(change.projectId());
                    assertEquals("hash-" + change.tokenId(), change.tokenHash());
                    if (change.tokenId().equals(full.toString())) {
                        assertEquals(List.of("10.0.0.0/8"), change.allowedIps());
                    } else {
                        assertEquals(List.of(), change.allowedIps());
                    }
                }
                assertEquals(2, published.size());
                assertEquals(new HashSet<>(List.of(full, fullWithSend)), new HashSet<>(published));
            }
        }
    }

    private static void insert(Connection c, UUID team, UUID id, String name, String permissions, String status,
            String ips) throws Exception {
        try (PreparedStatement s = c.prepareStatement("insert into tokens.tokens (id, kind, team_id, name, display, "
                + "token_hash, status, permissions, allowed_ips, created_at, updated_at, generated_at, revision, "
                + "last_change) values (?, 'team', ?, ?, 'lm_team_AbCd…wxyz', ?, ?, ?, ?, now(), now(), now(), 1, "
                + "'created')")) {
            s.setObject(1, id);
            s.setObject(2, team);
            s.setString(3, name);
            s.setString(4, "hash-" + id);
            s.setString(5, status);
            s.setString(6, permissions);
            s.setString(7, ips);
            s.executeUpdate();
        }
    }

    private static HashSet<String> permissions(Connection c, UUID id) throws Exception {
        try (PreparedStatement s = c.prepareStatement("select permissions from tokens.tokens where id = ?")) {
            s.setObject(1, id);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return new HashSet<>(List.of(r.getString(1).split(",")));
            }
        }
    }
}
