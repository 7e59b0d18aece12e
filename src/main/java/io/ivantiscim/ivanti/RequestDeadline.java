package io.ivantiscim.ivanti;

import jakarta.enterprise.context.RequestScoped;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.arc.Unremovable;

/**
 * Where a SCIM request's waits toward Ivanti are counted from: its first Ivanti call. One SCIM request makes several
 * calls (a read before a write, a group's links), and Okta waits 60 s for the whole answer (docs/idp-contracts.md
 * §2.3), so {@code bridge.ivanti.retry.throttle-budget} (429 pacing) and {@code bridge.ivanti.limits.timeout}
 * (queueing for the outbound limits) bound the request's waits, not each call's: a call whose wait would end past
 * them fails at once with {@code Retry-After}. Calls outside a SCIM request (the start-up check, leaver jobs) each count from their
 * own start.
 */
@RequestScoped
@Unremovable // looked up, never injected
public class RequestDeadline {

    private final long originNanos = System.nanoTime();

    /** {@link System#nanoTime()} of the request's first Ivanti call. */
    public long originNanos() {
        return originNanos;
    }

    /** The current request's origin, or now when no request context is active. */
    static long origin() {
        ArcContainer arc = Arc.container();
        return arc != null && arc.requestContext().isActive()
                ? arc.instance(RequestDeadline.class).get().originNanos()
                : System.nanoTime();
    }
}
