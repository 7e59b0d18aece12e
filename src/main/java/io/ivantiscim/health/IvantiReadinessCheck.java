package io.ivantiscim.health;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.ivantiscim.ivanti.IvantiClient;

/**
 * Ready when Ivanti answers the cheapest possible call ({@code $top=1}, {@code $select=RecId}) with the bridge's
 * credential, so a Kubernetes Service sends IdP traffic only to replicas that can serve it. When not, {@code failure}
 * says which: {@code credentials-rejected}, {@code path-not-found}, {@code unreachable}, {@code timeout} (or
 * {@code circuit-open}, {@code throttled}, {@code tenant-error}, {@code outbound-limit}).
 */
@Readiness
@ApplicationScoped
public class IvantiReadinessCheck implements HealthCheck {

    private final IvantiClient ivanti;
    private final IvantiConnectionCheck check;

    IvantiReadinessCheck(IvantiClient ivanti, IvantiConnectionCheck check) {
        this.ivanti = ivanti;
        this.check = check;
    }

    @Override
    public HealthCheckResponse call() {
        List<String> lines = new ArrayList<>();
        String failure = check.probe(lines);
        if (failure == null) {
            return HealthCheckResponse.named("ivanti").up().withData("breaker", ivanti.breakerState()).build();
        }
        return HealthCheckResponse.named("ivanti").down().withData("failure", failure)
                .withData("reason", String.join("; ", lines)).withData("breaker", ivanti.breakerState()).build();
    }
}
