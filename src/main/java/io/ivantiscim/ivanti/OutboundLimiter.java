package io.ivantiscim.ivanti;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The bridge's own limits toward Ivanti: at most {@code requestsPerMinute} requests in any 60 s window (the tenant
 * slows down past 100 000 calls a day, docs/ivanti-api.md §7) and at most {@code maxConcurrent} in flight. A request waits
 * up to {@code timeout} for both (seed 002's {@code rate_limit} and {@code rate_limit_timeout_ms}), then fails as
 * {@link IvantiException.Unavailable} with reason {@code LIMITED}, which the IdP hears as 503 with
 * {@code Retry-After}.
 */
final class OutboundLimiter {

    private static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final int perMinute;
    private final Semaphore concurrent;
    private final long timeoutNanos;
    private final ArrayDeque<Long> sent = new ArrayDeque<>();

    OutboundLimiter(int requestsPerMinute, int maxConcurrent, Duration timeout) {
        this.perMinute = requestsPerMinute;
        this.concurrent = maxConcurrent > 0 ? new Semaphore(maxConcurrent, true) : null;
        this.timeoutNanos = timeout.toNanos();
    }

    <T> T run(Supplier<T> call) {
        long deadline = System.nanoTime() + timeoutNanos;
        try {
            if (concurrent != null && !concurrent.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS)) {
                throw limited("more than the allowed concurrent Ivanti requests (bridge.ivanti.limits.max-concurrent)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw limited("interrupted while waiting for an Ivanti request slot");
        }
        try {
            awaitRate(deadline);
            return call.get();
        } finally {
            if (concurrent != null) {
                concurrent.release();
            }
        }
    }

    private void awaitRate(long deadline) {
        if (perMinute <= 0) {
            return;
        }
        synchronized (sent) {
            while (true) {
                long now = System.nanoTime();
                while (!sent.isEmpty() && now - sent.peekFirst() >= WINDOW_NANOS) {
                    sent.pollFirst();
                }
                if (sent.size() < perMinute) {
                    sent.addLast(now);
                    return;
                }
                long wait = Math.min(sent.peekFirst() + WINDOW_NANOS - now, deadline - now);
                if (wait <= 0) {
                    throw limited("more than bridge.ivanti.limits.requests-per-minute=" + perMinute);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(sent, wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw limited("interrupted while waiting for the Ivanti rate limit");
                }
            }
        }
    }

    private IvantiException.Unavailable limited(String why) {
        long retryAfter = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(timeoutNanos));
        return new IvantiException.Unavailable("The bridge's outbound limit toward Ivanti was reached: " + why,
                List.of(), retryAfter, IvantiException.Reason.LIMITED);
    }
}
