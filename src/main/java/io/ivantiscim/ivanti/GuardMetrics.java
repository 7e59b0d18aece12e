package io.ivantiscim.ivanti;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/**
 * The {@code ft_*} series of the Ivanti guards that deploy/grafana and deploy/README.md name, under SmallRye Fault
 * Tolerance's own names and tags ({@code method} = the guard, {@code state} = {@code closed}/{@code open}/
 * {@code halfOpen}) so that dashboards and alerts read them unchanged: retries per retry guard, the breaker's state,
 * and how often it opened.
 * <p>
 * SmallRye records its metrics per call: each guarded call registers event handlers on its context and looks up
 * tagged counters in the registry (issue 14: 1.0 µs and 2.1 KB of the 1.9 µs and 3.7 KB the two guards cost a call,
 * bench/README.md "The fault-tolerance stack per Ivanti call"). SmallRye 6.11 records none for a guard built without
 * {@code withDescription}, so the client builds its guards without one and this class keeps the series that matter:
 * counters resolved once and incremented from the guards' own callbacks ({@code onRetry}, {@code onStateChange}), which
 * run only when something happens, and a gauge that asks {@link CircuitBreakerMaintenance} at scrape time. SmallRye's
 * per-call series ({@code ft_invocations_total}, {@code ft_retry_calls_total}, {@code ft_circuitbreaker_calls_total},
 * {@code ft_circuitbreaker_state_total}) are gone; Ivanti calls and their outcomes are
 * {@code http_client_requests_seconds}.
 */
final class GuardMetrics {

    static final String READ_RETRY_METHOD = "Ivanti read retry";
    static final String WRITE_RETRY_METHOD = "Ivanti write retry after lost sessions";
    static final String BREAKER_METHOD = "Ivanti circuit breaker";

    private final Counter readRetries;
    private final Counter writeRetries;
    private final Counter opened;

    GuardMetrics(MeterRegistry registry, String breakerName) {
        this.readRetries = Counter.builder("ft.retry.retries.total").tag("method", READ_RETRY_METHOD)
                .register(registry);
        this.writeRetries = Counter.builder("ft.retry.retries.total").tag("method", WRITE_RETRY_METHOD)
                .register(registry);
        this.opened = Counter.builder("ft.circuitbreaker.opened.total").tag("method", BREAKER_METHOD)
                .register(registry);
        for (CircuitBreakerState state : CircuitBreakerState.values()) {
            Gauge.builder("ft.circuitbreaker.state.current",
                    () -> CircuitBreakerMaintenance.get().currentState(breakerName) == state ? 1 : 0)
                    .tags("method", BREAKER_METHOD, "state", tag(state)).strongReference(true).register(registry);
        }
    }

    /** SmallRye's {@code state} tag values. */
    private static String tag(CircuitBreakerState state) {
        return switch (state) {
            case CLOSED -> "closed";
            case OPEN -> "open";
            case HALF_OPEN -> "halfOpen";
        };
    }

    /** A read was sent again (SmallRye's retry event, before the backoff delay). */
    void readRetried() {
        readRetries.increment();
    }

    /** A write was sent again after lost sessions. */
    void writeRetried() {
        writeRetries.increment();
    }

    /** The breaker moved to {@code state}. */
    void breakerMoved(CircuitBreakerState state) {
        if (state == CircuitBreakerState.OPEN) {
            opened.increment();
        }
    }
}
