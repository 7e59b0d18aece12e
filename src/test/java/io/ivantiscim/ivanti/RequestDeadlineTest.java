package io.ivantiscim.ivanti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Issue 15: the outbound limiter's wait bound is the SCIM request's, counted from its first Ivanti call
 * ({@link RequestDeadline}), not each call's, so a request of several calls cannot queue several bounds.
 */
class RequestDeadlineTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void aTurnPastTheRequestsBoundIsRefusedAtOnce() {
        // 60 a minute: one call a second, no burst; a 2 s bound.
        OutboundLimiter limiter = new OutboundLimiter(60, 0, Duration.ofSeconds(2));
        long now = System.nanoTime();
        assertEquals(1, limiter.run(now, () -> 1));
        // The next turn is 1 s away. A call on its own would wait for it; this one's request made its first Ivanti
        // call 1.5 s ago, so its waits would end 2.5 s after that.
        IvantiException.Unavailable e = assertThrows(IvantiException.Unavailable.class,
                () -> limiter.run(now - SECOND * 3 / 2, () -> 2));
        assertEquals(IvantiException.Reason.LIMITED, e.reason());
        assertTrue(e.retryAfterSeconds() >= 1, "Retry-After " + e.retryAfterSeconds());
        assertTrue(e.getMessage().contains("requests-per-minute"), e.getMessage());
    }

    @Test
    void aRequestLongUnderwayStillGetsAFreeTurn() {
        // Time spent in earlier calls is not queueing: with nothing to wait for, the call runs.
        OutboundLimiter limiter = new OutboundLimiter(60, 1, Duration.ofSeconds(2));
        assertEquals(1, limiter.run(System.nanoTime() - 300 * SECOND, () -> 1));
    }

    @Test
    void aBusySlotIsNotAwaitedPastTheRequestsBound() throws Exception {
        OutboundLimiter limiter = new OutboundLimiter(0, 1, Duration.ofSeconds(30));
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> holder = pool.submit(() -> limiter.run(() -> {
                inside.countDown();
                try {
                    release.await();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
                return 1;
            }));
            inside.await();
            // The request began 31 s ago: its 30 s are spent, so it does not wait for the slot (a call on its own
            // would wait up to 30 s).
            IvantiException.Unavailable e = assertThrows(IvantiException.Unavailable.class,
                    () -> limiter.run(System.nanoTime() - 31 * SECOND, () -> 2));
            assertTrue(e.getMessage().contains("max-concurrent"), e.getMessage());
            release.countDown();
            assertEquals(1, holder.get(30, TimeUnit.SECONDS));
        } finally {
            release.countDown();
            pool.shutdown();
        }
    }
}
