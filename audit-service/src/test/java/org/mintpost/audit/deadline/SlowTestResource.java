package org.mintpost.audit.deadline;

import java.time.Duration;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** Test-only endpoints that stand for a hung database: a query that runs long, an answer that never comes in time. */
@Path("/test/deadline")
@PermitAll
public class SlowTestResource {

    private final Pool pool;

    public SlowTestResource(Pool pool) {
        this.pool = pool;
    }

    @GET
    @Path("/pg-sleep")
    public Uni<String> pgSleep() {
        return pool.query("SELECT pg_sleep(30)").execute().map(rows -> "slept");
    }

    @GET
    @Path("/slow")
    public Uni<String> slow() {
        return Uni.createFrom().item("late").onItem().delayIt().by(Duration.ofSeconds(30));
    }

    @GET
    @Path("/statement-timeout")
    public Uni<String> statementTimeout() {
        return pool.query("SHOW statement_timeout").execute().map(rows -> rows.iterator().next().getString(0));
    }
}
