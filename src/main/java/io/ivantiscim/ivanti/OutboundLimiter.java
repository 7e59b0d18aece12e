package io.ivantiscim.ivanti;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The bridge's own limits toward Ivanti: {@code requestsPerMinute} as a steady pace (one call every
 * {@code 60 s / requestsPerMinute}, with a burst of one second's worth; the tenant slows down past 100 000 calls a day,
 * docs/ivanti-api.md §7) and at most {@code maxConcurrent} in flight. A call queues for its turn rather than failing:
 * Okta waits 60 s for an answer (docs/idp-contracts.md §2.3), so a healthy tenant never costs the IdP a 503. Only a
 * call whose turn would come more than {@code maxWait} after its origin (the SCIM request's first Ivanti call,
 * {@link RequestDeadline}) fails, at once, as {@link IvantiException.Unavailable} with reason {@code LIMITED} and the
 * wait as {@code Retry-After}.
 * <p>
 * A 429 from the tenant pauses every call until its {@code Retry-After} has passed ({@link #holdFor}), and calls then
 * resume at the steady pace with no burst: back-pressure slows the bridge down instead of opening its breaker.
 */
final class OutboundLimiter {

    private static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final long intervalNanos;
    private final long burstNanos;
    private final Semaphore concurrent;
    private final long maxWaitNanos;
    /** GCRA's theoretical arrival time: when the next call would be due at the steady pace. */
    private long due = System.nanoTime();
    private long holdUntil = System.nanoTime();

    OutboundLimiter(int requestsPerMinute, int maxConcurrent, Duration maxWait) {
        this.intervalNanos = requestsPerMinute > 0 ? MINUTE_NANOS / requestsPerMinute : 0;
        this.burstNanos = requestsPerMinute > 0 ? Math.max(0, requestsPerMinute / 60 - 1) * intervalNanos : 0;
        this.concurrent = maxConcurrent > 0 ? new Semaphore(maxConcurrent, true) : null;
        this.maxWaitNanos = maxWait.toNanos();
    }

    <T> T run(Supplier<T> call) {
        return run(System.nanoTime(), call);
    }

    /** Runs {@code call} in its turn; its waits end at {@code originNanos} + {@code maxWait}. */
    <T> T run(long originNanos, Supplier<T> call) {
        long deadline = originNanos + maxWaitNanos;
        awaitTurn(System.nanoTime(), deadline);
        try {
            long left = deadline - System.nanoTime();
            if (concurrent != null && !concurrent.tryAcquire(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                throw limited("more than bridge.ivanti.limits.max-concurrent Ivanti requests in flight", maxWaitNanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw limited("interrupted while waiting for an Ivanti request slot", maxWaitNanos);
        }
        try {
            return call.get();
        } finally {
            if (concurrent != null) {
                concurrent.release();
            }
        }
    }

    /** Pauses all calls for {@code seconds} (a 429's {@code Retry-After}); then they resume at the steady pace. */
    synchronized void holdFor(long seconds) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(1, seconds));
        if (until - holdUntil > 0) {
            holdUntil = until;
        }
        if (until + burstNanos - due > 0) {
            due = until + burstNanos;
        }
    }

    /** Reserves this call's turn (or fails at once if it would come after {@code deadline}), then waits for it. */
    private void awaitTurn(long now, long deadline) {
        long at;
        synchronized (this) {
            if (now - due > 0) {
                due = now;
            }
            at = due - burstNanos;
            if (holdUntil - at > 0) {
                at = holdUntil;
            }
            long wait = at - now;
            if (wait > 0 && at - deadline > 0) {
                throw limited("more than bridge.ivanti.limits.requests-per-minute queued", wait);
            }
            due += intervalNanos;
        }
        for (long left = at - System.nanoTime(); left > 0; left = at - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw limited("interrupted while waiting for the Ivanti rate limit", left);
            }
        }
    }

    private static IvantiException.Unavailable limited(String why, long waitNanos) {
        long retryAfter = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + TimeUnit.SECONDS.toNanos(1) - 1));
        return new IvantiException.Unavailable("The bridge's outbound limit toward Ivanti was reached: " + why,
                List.of(), retryAfter, IvantiException.Reason.LIMITED);
    }
}
