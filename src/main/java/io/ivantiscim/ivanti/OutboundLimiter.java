package io.ivantiscim.ivanti;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
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
 * <p>
 * A paced call is released on a grid of {@link #SLOT_NANOS} rather than at its own instant: when several turns fall
 * in one slot (the default 6,000 a minute is ten per 100 ms), the calls due in it wake together at its end, and a
 * caller whose next turn is already past goes on without parking, instead of a wake-up at each turn's own instant (a
 * 2,000-member group push woke its link threads a hundred times a second, one at a time, issue 15).
 * A turn is only ever moved later, to the end of its slot, so a slot holds the calls steady pacing would have sent
 * during it and no window of a whole number of slots (a minute is 600) sees more calls than without the grid; the
 * burst runs at once as before, and a turn moved past the request's wait bound counts as beyond it.
 */
final class OutboundLimiter {

    private static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** The release grid of paced calls. */
    static final long SLOT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final LongSupplier clock;
    private final LongConsumer parker;
    /** The grid's origin. */
    private final long epoch;
    /** {@link #SLOT_NANOS}, or 0 (no grid) when a slot would hold at most one turn anyway. */
    private final long slotNanos;
    private final long intervalNanos;
    private final long burstNanos;
    private final Semaphore concurrent;
    private final long maxWaitNanos;
    /** GCRA's theoretical arrival time: when the next call would be due at the steady pace. */
    private long due;
    private long holdUntil;

    OutboundLimiter(int requestsPerMinute, int maxConcurrent, Duration maxWait) {
        this(requestsPerMinute, maxConcurrent, maxWait, System::nanoTime, LockSupport::parkNanos);
    }

    /**
     * With its own clock ({@link System#nanoTime()} units) and a way to wait for a number of nanoseconds, which may
     * return early, so tests can run the pace in virtual time.
     */
    OutboundLimiter(int requestsPerMinute, int maxConcurrent, Duration maxWait, LongSupplier clock,
            LongConsumer parker) {
        this.clock = clock;
        this.parker = parker;
        this.epoch = clock.getAsLong();
        this.due = epoch;
        this.holdUntil = epoch;
        this.intervalNanos = requestsPerMinute > 0 ? MINUTE_NANOS / requestsPerMinute : 0;
        this.slotNanos = intervalNanos > 0 && intervalNanos < SLOT_NANOS ? SLOT_NANOS : 0;
        this.burstNanos = requestsPerMinute > 0 ? Math.max(0, requestsPerMinute / 60 - 1) * intervalNanos : 0;
        this.concurrent = maxConcurrent > 0 ? new Semaphore(maxConcurrent, true) : null;
        this.maxWaitNanos = maxWait.toNanos();
    }

    <T> T run(Supplier<T> call) {
        return run(clock.getAsLong(), call);
    }

    /** Runs {@code call} in its turn; its waits end at {@code originNanos} + {@code maxWait}. */
    <T> T run(long originNanos, Supplier<T> call) {
        long deadline = originNanos + maxWaitNanos;
        awaitTurn(deadline);
        try {
            long left = deadline - clock.getAsLong();
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
        long until = clock.getAsLong() + TimeUnit.SECONDS.toNanos(Math.max(1, seconds));
        if (until - holdUntil > 0) {
            holdUntil = until;
        }
        if (until + burstNanos - due > 0) {
            due = until + burstNanos;
        }
    }

    /** Reserves this call's turn (or fails at once if it would come after {@code deadline}), then waits for it. */
    private void awaitTurn(long deadline) {
        long at = reserve(clock.getAsLong(), deadline);
        for (long left = at - clock.getAsLong(); left > 0; left = at - clock.getAsLong()) {
            parker.accept(left);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw limited("interrupted while waiting for the Ivanti rate limit", left);
            }
        }
    }

    /**
     * Reserves the turn of a call made at {@code now} and answers when it may be sent: at once ({@code now}) within
     * the burst, else its steady-pace turn moved to the end of its slot, after any 429 hold. A turn later than
     * {@code deadline} is not reserved: the call fails at once.
     */
    synchronized long reserve(long now, long deadline) {
        if (now - due > 0) {
            due = now;
        }
        long at = due - burstNanos;
        if (holdUntil - at > 0) {
            at = holdUntil;
        }
        long wait = at - now;
        if (wait <= 0) {
            due += intervalNanos;
            return now;
        }
        if (slotNanos > 0) {
            long into = Math.floorMod(at - epoch, slotNanos);
            if (into != 0) {
                at += slotNanos - into;
                wait = at - now;
            }
        }
        if (at - deadline > 0) {
            throw limited("more than bridge.ivanti.limits.requests-per-minute queued", wait);
        }
        due += intervalNanos;
        return at;
    }

    private static IvantiException.Unavailable limited(String why, long waitNanos) {
        long retryAfter = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + TimeUnit.SECONDS.toNanos(1) - 1));
        return new IvantiException.Unavailable("The bridge's outbound limit toward Ivanti was reached: " + why,
                List.of(), retryAfter, IvantiException.Reason.LIMITED);
    }
}
