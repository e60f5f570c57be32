package org.mintpost.audit.deadline;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.mintpost.contracts.api.DeadlineHandler;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.Router;

/**
 * Every API request is answered within {@code mintpost.db.request-deadline}, or {@code 503} + {@code Retry-After}
 * (contracts' {@link DeadlineHandler}, installed first on the router); each miss counted in
 * {@code http.request.deadline.missed}.
 */
@ApplicationScoped
public class RequestDeadline {

    private final DeadlineHandler handler;

    public RequestDeadline(@ConfigProperty(name = "mintpost.db.request-deadline", defaultValue = "3s") Duration deadline,
            MeterRegistry registry) {
        Counter missed = registry.counter("http.request.deadline.missed");
        this.handler = new DeadlineHandler(deadline, missed::increment);
    }

    void install(@Observes Router router) {
        router.route().order(-1000).handler(handler);
    }
}
