package io.ivantiscim.health;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/**
 * Histogram buckets for the SCIM (server) and Ivanti (client) request timers, so Prometheus can compute latency
 * percentiles across replicas ({@code histogram_quantile} in {@code deploy/grafana/ivanti-scim-bridge.json});
 * client-side percentiles could not be aggregated.
 */
public class MetricsHistograms {

    @Produces
    @Singleton
    MeterFilter requestHistograms() {
        return new MeterFilter() {

            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                String name = id.getName();
                if (name.equals("http.server.requests") || name.equals("http.client.requests")) {
                    return DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config);
                }
                return config;
            }
        };
    }
}
