package org.mintpost.token.deadline;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/**
 * The database deadlines on request paths ({@code mintpost.db.*}): {@code statement-timeout} (ms, set on every
 * connection as PostgreSQL's {@code statement_timeout}), {@code acquisition-timeout} (the JDBC pool's) and
 * {@code request-deadline} ({@link RequestDeadline}). Declared so the service's strict configuration knows them.
 */
@ConfigMapping(prefix = "mintpost.db")
public interface DeadlineConfig {

    int statementTimeout();

    Duration acquisitionTimeout();

    Duration requestDeadline();
}
