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

    /**
     * The current request's origin, or now when no request context is active. One per client: the request-scoped
     * bean's client proxy is resolved once and reaches each request's own instance (a bean resolution per Ivanti call
     * was measurable, issue 14).
     */
    static final class Origin {

        private volatile RequestDeadline proxy;

        long nanos() {
            ArcContainer arc = Arc.container();
            if (arc == null || !arc.requestContext().isActive()) {
                return System.nanoTime();
            }
            RequestDeadline current = proxy;
            if (current == null) {
                current = arc.instance(RequestDeadline.class).get();
                proxy = current;
            }
            return current.originNanos();
        }
    }
}
