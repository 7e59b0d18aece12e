package io.ivantiscim.ivanti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The outbound pace in virtual time: a clock the test owns, and a parker that moves it on by what a call would wait,
 * so every turn is exact and nothing sleeps.
 */
class OutboundLimiterTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    private static final Duration PATIENT = Duration.ofHours(1);

    /** A virtual clock; parking moves it on. */
    private static final class Clock {

        final AtomicLong now;
        final AtomicInteger parks = new AtomicInteger();

        Clock(long start) {
            now = new AtomicLong(start);
        }

        OutboundLimiter limiter(int requestsPerMinute, Duration maxWait) {
            return new OutboundLimiter(requestsPerMinute, 0, maxWait, now::get, nanos -> {
                parks.incrementAndGet();
                now.addAndGet(nanos);
            });
        }
    }

    /**
     * Calls that all arrive when the limiter is made (as many threads would): when the {@code index}-th is released,
     * in ms after their arrival. The burst is one second's worth at once; then one turn every 60 s / rpm, released at
     * the end of its 100 ms slot when a slot holds several turns, else at its own instant.
     */
    @ParameterizedTest(name = "{0}/min, call {1} at {2} ms")
    @CsvSource(delimiter = '|', value = {
            // 6,000 a minute: a turn every 10 ms, a burst of 100, ten turns per slot.
            "6000   | 0    | 0",
            "6000   | 99   | 0",
            "6000   | 100  | 100", // its turn is at 10 ms: released with the slot
            "6000   | 108  | 100",
            "6000   | 109  | 100", // its turn is the slot's end itself
            "6000   | 110  | 200",
            "6000   | 199  | 1000",
            "6000   | 200  | 1100",
            "6000   | 5999 | 59000",
            // 120 a minute: a turn every 500 ms, a burst of 2, no grid (a slot never holds two turns).
            "120    | 1    | 0",
            "120    | 2    | 500",
            "120    | 3    | 1000",
            // 600 a minute: one turn per slot exactly, a burst of 10.
            "600    | 9    | 0",
            "600    | 10   | 100",
            "600    | 11   | 200",
            // 60 a minute: no burst beyond the call itself.
            "60     | 0    | 0",
            "60     | 1    | 1000",
            // 12,000 a minute: a turn every 5 ms, a burst of 200, twenty per slot.
            "12000  | 200  | 100",
            "12000  | 219  | 100",
            "12000  | 220  | 200",
    })
    void callsArrivingTogetherAreReleasedAtTheirPace(int rpm, int index, long expectedMs) {
        for (long start : new long[]{1_000_000_007L, Long.MAX_VALUE - 5 * MS, -3 * MS}) {
            // Any origin of System.nanoTime, also one that overflows during the run.
            Clock clock = new Clock(start);
            OutboundLimiter limiter = clock.limiter(rpm, PATIENT);
            long released = 0;
            for (int i = 0; i <= index; i++) {
                released = limiter.reserve(start, start + PATIENT.toNanos());
            }
            assertEquals(expectedMs * MS, released - start, "call " + index + " from " + start);
        }
    }

    /**
     * One caller after another for ten minutes at 6,000 a minute: no minute-long window (whichever ms it starts at)
     * holds more than the pace plus the burst, every minute holds at least the pace, and the paced calls wake once
     * per slot, not once each.
     */
    @Test
    void aSteadyStreamKeepsThePaceAndWakesOncePerSlot() {
        Clock clock = new Clock(123_456_789L);
        OutboundLimiter limiter = clock.limiter(6000, PATIENT);
        List<Long> sent = new ArrayList<>();
        long start = clock.now.get();
        while (clock.now.get() - start < 10 * MINUTE) {
            limiter.run(() -> sent.add(clock.now.get()));
            clock.now.addAndGet(MS / 4); // the call itself
        }
        int calls = sent.size();
        assertTrue(calls >= 59_990 && calls <= 60_110, calls + " calls in 10 minutes");
        for (long from = start; from + MINUTE <= start + 10 * MINUTE; from += 7 * MS) {
            long inWindow = countBetween(sent, from, from + MINUTE);
            assertTrue(inWindow <= 6000 + 100, inWindow + " calls in the minute from " + (from - start));
            assertTrue(inWindow >= 6000 - 10, inWindow + " calls in the minute from " + (from - start));
        }
        // 59,900 paced calls, ten per slot: about 6,000 wake-ups (one each would be 59,900).
        assertTrue(clock.parks.get() <= 6_010, clock.parks.get() + " wake-ups");
    }

    /** A turn past the wait bound fails at once and takes no turn; the grid counts: a turn moved past it fails too. */
    @Test
    void aTurnPastTheWaitBoundFailsAtOnceAndTakesNoTurn() {
        Clock clock = new Clock(0);
        OutboundLimiter limiter = clock.limiter(6000, Duration.ofMillis(1000));
        long deadline = 1000 * MS;
        for (int i = 0; i < 200; i++) {
            // The burst, then turns at 10 … 1,000 ms, all released by the 1,000 ms slot.
            assertTrue(limiter.reserve(0, deadline) <= deadline, "call " + i);
        }
        IvantiException.Unavailable e = assertThrows(IvantiException.Unavailable.class,
                () -> limiter.reserve(0, deadline));
        assertEquals(IvantiException.Reason.LIMITED, e.reason());
        assertEquals(2, e.retryAfterSeconds(), "its turn would have been released at 1,100 ms");
        // Its turn (1,010 ms) is still free for a call that may wait longer: the refused one took none.
        assertEquals(1100 * MS, limiter.reserve(0, 2000 * MS));
        // A turn that only the grid moves past the bound (1,020 ms to 1,100 ms) is beyond it as well.
        assertThrows(IvantiException.Unavailable.class, () -> limiter.reserve(0, 1050 * MS));
    }

    /** After a 429 every call waits for the Retry-After, then the pace resumes without a burst. */
    @Test
    void aHoldPausesEveryCallThenResumesAtThePaceWithoutBurst() {
        Clock clock = new Clock(0);
        OutboundLimiter limiter = clock.limiter(6000, PATIENT);
        clock.now.set(37 * MS); // the hold ends mid-slot
        limiter.holdFor(2);
        long until = 37 * MS + 2000 * MS;
        List<Long> sent = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            sent.add(limiter.reserve(clock.now.get(), Long.MAX_VALUE));
        }
        assertTrue(sent.stream().allMatch(t -> t - until >= 0), "nothing before the hold ends");
        // Turns from 2,037 ms every 10 ms: the first slot after the hold (to 2,100 ms) holds seven, then ten each.
        assertEquals(7, countBetween(sent, until, 2101 * MS));
        assertEquals(10, countBetween(sent, 2101 * MS, 2201 * MS));
        assertTrue(countBetween(sent, until, until + 1000 * MS) <= 100, "no burst after a hold");
    }

    /** Without a per-minute limit nothing waits. */
    @Test
    void noLimitMeansNoWait() {
        Clock clock = new Clock(5);
        OutboundLimiter limiter = clock.limiter(0, Duration.ofMillis(1));
        for (int i = 0; i < 10_000; i++) {
            assertEquals(5, limiter.reserve(5, 6));
        }
        assertEquals(0, clock.parks.get());
    }

    /** How many of the ascending {@code times} are in [from, to). */
    private static long countBetween(List<Long> times, long from, long to) {
        return firstAtOrAfter(times, to) - firstAtOrAfter(times, from);
    }

    private static int firstAtOrAfter(List<Long> times, long t) {
        int lo = 0;
        int hi = times.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times.get(mid) - t < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
