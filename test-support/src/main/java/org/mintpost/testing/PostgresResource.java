package org.mintpost.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * {@code @QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database",
 * value = "tokens_test"))}: a freshly created database on the machine's PostgreSQL, wired into both
 * the reactive pool and the JDBC datasource Flyway uses.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private String database = "mintpost_test";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        String jdbc = PostgresDatabase.recreate(database);
        return Map.of(
                "quarkus.datasource.jdbc.url", jdbc,
                "quarkus.datasource.reactive.url", PostgresDatabase.reactiveUrl(database),
                "quarkus.datasource.username", PostgresDatabase.USER,
                "quarkus.datasource.password", "");
    }

    @Override
    public void stop() {
    }
}
