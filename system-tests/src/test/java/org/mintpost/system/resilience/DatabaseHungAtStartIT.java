package org.mintpost.system.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.mintpost.system.Suite;

/**
 * The services that own a database are restarted while PostgreSQL hangs (SIGSTOP): as a pod rescheduled onto a
 * loaded node, or started while its database fails over. None may give up and exit while no connection can be had;
 * each must start once the database answers again, and the API must work through it. (A start used to exit with 1
 * as soon as the first connection took longer than the pool's acquisition timeout.)
 */
@Order(8)
class DatabaseHungAtStartIT {

    /** Longer than several connection attempts, each bounded by the pool's acquisition timeout. */
    private static final Duration HUNG = Duration.ofSeconds(Integer.getInteger("resilience.db-hung-at-start-seconds", 20));
    private static final List<String> OWNERS = List.of("token-service", "audit-service", "webhook-service");

    @Test
    void servicesStartedWhileTheirDatabaseHangsStartOnceItAnswers() throws Exception {
        ResilienceEnv env = ResilienceEnv.shared();
        List<Suite.Service> owners = OWNERS.stream().map(env.suite.services::get).toList();
        env.postgres.pause();
        try {
            for (Suite.Service service : owners) {
                service.kill();
                service.start();
            }
            ResilienceEnv.sleep(HUNG.toMillis());
            for (Suite.Service service : owners) {
                assertTrue(service.isAlive(), service.name + " exited while its database hung; see " + service.log());
            }
        } finally {
            env.postgres.resume();
        }
        for (Suite.Service service : owners) {
            service.awaitReady(Duration.ofSeconds(180));
        }
        HttpResponse<String> projects = env.team("GET", "/v1/projects", null);
        assertEquals(200, projects.statusCode(), projects.body());
    }
}
