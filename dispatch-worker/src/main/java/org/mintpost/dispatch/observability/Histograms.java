package org.mintpost.dispatch.observability;

import java.time.Duration;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/**
 * Histogram buckets on the accepted-to-delivered timer ({@code mintpost_delivery_latency_seconds_bucket}), so
 * Prometheus computes its p99 across every worker (docs/operations.md).
 */
public class Histograms {

    @Produces
    @Singleton
    public MeterFilter requestHistogram() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals(DeliveryTracing.LATENCY)) {
                    return config;
                }
                return DistributionStatisticConfig.builder().percentilesHistogram(true)
                        .minimumExpectedValue((double) Duration.ofMillis(10).toNanos())
                        .maximumExpectedValue((double) Duration.ofHours(1).toNanos())
                        .build().merge(config);
            }
        };
    }
}
