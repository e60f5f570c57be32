package org.mintpost.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Fresh databases on the machine's PostgreSQL (127.0.0.1:5432, trust auth, user {@code postgres};
 * override with {@code MINTPOST_TEST_PG_HOST}, {@code _PORT}, {@code _USER}). With
 * {@code MINTPOST_TEST_DB_SUFFIX} set, every database name a test asks for gets that suffix, so two
 * checkouts can run their tests on one machine at once without dropping each other's databases. The system
 * property {@value #PORT_PROPERTY}, set before this class is first used, names the port of a cluster the test
 * runs itself (the resilience suite restarts and pauses one).
 */
public final class PostgresDatabase {

    public static final String HOST = env("MINTPOST_TEST_PG_HOST", "127.0.0.1");
    public static final String PORT_PROPERTY = "mintpost.test.pg-port";
    public static final String PORT = System.getProperty(PORT_PROPERTY, env("MINTPOST_TEST_PG_PORT", "5432"));
    public static final String USER = env("MINTPOST_TEST_PG_USER", "postgres");
    private static final String SUFFIX = env("MINTPOST_TEST_DB_SUFFIX", "");

    private PostgresDatabase() {
    }

    /** Drops and creates {@code name}; returns its JDBC URL. */
    public static String recreate(String name) {
        String actual = actualName(name);
        if (!actual.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database name must be lower-case letters, digits, underscores: " + actual);
        }
        try (Connection c = DriverManager.getConnection(adminUrl(), USER, "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + actual + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + actual);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + HOST + ":" + PORT + " is needed for tests (start it with "
                    + "'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start'): " + e.getMessage(), e);
        }
        return jdbcUrl(name);
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + actualName(database);
    }

    public static String reactiveUrl(String database) {
        return "postgresql://" + HOST + ":" + PORT + "/" + actualName(database);
    }

    /** The database a test's name stands for on this checkout ({@code MINTPOST_TEST_DB_SUFFIX}). */
    public static String actualName(String database) {
        return database + SUFFIX;
    }

    private static String adminUrl() {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/postgres";
    }

    private static String env(String key, String fallback) {
        String value = System.getenv(key);
        return value == null || value.isBlank() ? fallback : value;
    }
}
