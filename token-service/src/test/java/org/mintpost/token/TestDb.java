package org.mintpost.token;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.mintpost.testing.PostgresDatabase;

/** Direct reads of the test database, to check what the API cannot show (e.g. outbox rows). */
public final class TestDb {

    public static final String NAME = "mintpost_tokens_test";

    private TestDb() {
    }

    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(PostgresDatabase.jdbcUrl(NAME), PostgresDatabase.USER, "");
    }

    public static long count(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Outbox rows of the entity (a token, a route) not yet acknowledged by Kafka. */
    public static long unsent(String entityId) {
        return count("select count(*) from tokens.outbox where entity_id = ?::uuid and sent_at is null", entityId);
    }
}
