package io.ivantiscim.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.ivantiscim.config.BridgeConfig;
import io.ivantiscim.ivanti.CallOutcomes;
import io.ivantiscim.ivanti.IvantiClient;
import io.ivantiscim.ivanti.IvantiException;

/**
 * Ready unless what the bridge already knows says the tenant cannot serve IdP traffic: the breaker is open, the last
 * call met a rejected credential or a wrong path, or {@code bridge.ivanti.readiness.failure-threshold} calls in a row
 * found no working tenant. It never calls Ivanti: the outcomes come from IdP calls and, when traffic is idle, from the
 * client's background probe (issue 15 item 4), so a Kubernetes probe answers in milliseconds however slow the tenant.
 * When not ready, {@code failure} says why in the connection check's words: {@code credentials-rejected},
 * {@code path-not-found}, {@code unreachable}, {@code timeout}, {@code tenant-error} or {@code circuit-open}.
 * {@code make check} does not come here: it runs {@link IvantiConnectionCheck#verify()}, one live verdict.
 */
@Readiness
@ApplicationScoped
public class IvantiReadinessCheck implements HealthCheck {

    private final IvantiClient ivanti;
    private final int threshold;

    IvantiReadinessCheck(IvantiClient ivanti, BridgeConfig config) {
        this.ivanti = ivanti;
        this.threshold = Math.max(1, config.ivanti().readiness().failureThreshold());
    }

    @Override
    public HealthCheckResponse call() {
        String breaker = ivanti.breakerState();
        CallOutcomes.Snapshot known = ivanti.outcomes();
        HealthCheckResponseBuilder r = HealthCheckResponse.named("ivanti").withData("breaker", breaker)
                .withData("consecutiveFailures", known.consecutiveFailures());
        if (!"CLOSED".equals(breaker)) {
            r.down().withData("failure", "circuit-open");
            known.failure().ifPresent(e -> r.withData("reason", IvantiConnectionCheck.kind(e) + ": " + e.getMessage()));
            return r.build();
        }
        if (known.failure().isPresent()) {
            IvantiException e = known.failure().get();
            if (conclusive(e) || known.consecutiveFailures() >= threshold) {
                return r.down().withData("failure", IvantiConnectionCheck.kind(e)).withData("reason", e.getMessage())
                        .build();
            }
        }
        return r.up().build();
    }

    /** A rejected credential or a wrong path fails every call alike: one is proof enough. */
    private static boolean conclusive(IvantiException e) {
        return e instanceof IvantiException.Unauthorized || (e instanceof IvantiException.Unavailable u
                && u.reason() == IvantiException.Reason.PATH_NOT_FOUND);
    }
}
