package io.ivantiscim.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.ivantiscim.ivanti.IvantiClient;
import io.ivantiscim.ivanti.IvantiException;

/**
 * Ready when Ivanti answers the cheapest possible call ({@code $top=1}, {@code $select=RecId}) with the bridge's
 * credential, so a Kubernetes Service sends IdP traffic only to replicas that can serve it.
 */
@Readiness
@ApplicationScoped
public class IvantiReadinessCheck implements HealthCheck {

    private final IvantiClient ivanti;

    IvantiReadinessCheck(IvantiClient ivanti) {
        this.ivanti = ivanti;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            ivanti.probe("employees");
            return HealthCheckResponse.named("ivanti").up().build();
        } catch (IvantiException e) {
            return HealthCheckResponse.named("ivanti").down().withData("reason", e.getMessage()).build();
        } catch (RuntimeException e) {
            // The circuit breaker's CircuitBreakerOpenException: Ivanti failed recently, do not hammer it.
            return HealthCheckResponse.named("ivanti").down().withData("reason", e.getClass().getSimpleName()).build();
        }
    }
}
