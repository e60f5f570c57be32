package org.mintpost.dispatch.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.mintpost.dispatch.messaging.DispatchConsumer;
import org.mintpost.dispatch.repository.LedgerStore;


/** Live while the poll loop turns; ready while the consumer is in the group and not stopping. */
public final class ConsumerHealth {

    private ConsumerHealth() {
    }

    @Liveness
    @ApplicationScoped
    public static class Live implements HealthCheck {

        private final DispatchConsumer consumer;

        public Live(DispatchConsumer consumer) {
            this.consumer = consumer;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("dispatch-poll-loop").status(consumer.alive()).build();
        }
    }

    @Readiness
    @ApplicationScoped
    public static class Ready implements HealthCheck {

        private final DispatchConsumer consumer;
        private final LedgerStore ledger;

        public Ready(DispatchConsumer consumer, LedgerStore ledger) {
            this.consumer = consumer;
            this.ledger = ledger;
        }

        /** Ready while consuming; a ledger that is down (breaker open) is reported, the worker still delivers. */
        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("dispatch-consumer").status(consumer.ready())
                    .withData("in_flight", consumer.inFlight())
                    .withData("ledger", ledger.state())
                    .build();
        }
    }
}
