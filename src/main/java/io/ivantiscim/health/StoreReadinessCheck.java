package io.ivantiscim.health;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.ivantiscim.store.Store;

/**
 * Ready while the store (tokens, audit trail) answers {@code SELECT 1}: a bridge whose store is gone cannot record
 * what it changes, so it should not be sent IdP traffic until the store is back (issue 15). The query borrows a pooled
 * connection, so a probe also reopens a database that closed itself ({@link Store}) and the check goes back UP on its
 * own. Each probe runs on a thread of its own and is waited for at most {@link #WAIT}: a store that hangs answers DOWN
 * ({@code failure=timeout}) within a Kubernetes probe's time, and a hanging probe is waited for, not repeated.
 */
@Readiness
@ApplicationScoped
public class StoreReadinessCheck implements HealthCheck {

    /** Within the chart's readiness probe timeout (2 s) with room for the HTTP round trip. */
    private static final Duration WAIT = Duration.ofMillis(1_500);

    private final Store store;
    private CompletableFuture<String> probe;

    StoreReadinessCheck(Store store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        CompletableFuture<String> current = next();
        String failure;
        try {
            failure = current.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return HealthCheckResponse.named("store").down().withData("failure", "timeout")
                    .withData("reason", "the store did not answer SELECT 1 within " + WAIT.toMillis() + " ms")
                    .build();
        } catch (ExecutionException e) {
            failure = String.valueOf(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        }
        return failure == null
                ? HealthCheckResponse.named("store").up().build()
                : HealthCheckResponse.named("store").down().withData("failure", "unavailable")
                        .withData("reason", failure).build();
    }

    /** The probe in progress, or a new one when the last has finished. */
    private synchronized CompletableFuture<String> next() {
        if (probe == null || probe.isDone()) {
            probe = CompletableFuture.supplyAsync(store::failure, r -> {
                Thread t = new Thread(r, "store-probe");
                t.setDaemon(true);
                t.start();
            });
        }
        return probe;
    }
}
