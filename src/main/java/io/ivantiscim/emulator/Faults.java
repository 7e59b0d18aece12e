package io.ivantiscim.emulator;

import java.util.Random;

import io.ivantiscim.config.EmulatorConfig;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Fault injection on the Ivanti API routes: latency with jitter, rates of 500/503/dropped connections, a burst of
 * 429s, and the docs/ivanti-api.md row 26 slow-down above the daily call limit. One seeded {@link Random} drawn in request order makes
 * runs reproducible.
 */
final class Faults {

    /** Fault settings; JSON body of {@code POST /emulator/_emulator/faults} (missing fields keep their value). */
    @RegisterForReflection
    public static final class Spec implements Cloneable {

        public long seed = 42;
        public int latencyMs;
        public int jitterMs;
        public double errorRate;
        public double unavailableRate;
        public double dropRate;
        public int throttleBurst;
        public int retryAfterSeconds = 1;
        public long dailyCallLimit = 100_000;
        public int overLimitLatencyMs = 250;
        /** Comma-separated call kinds (e.g. {@code link,unlink}) the error, 503 and drop rates apply to; all if blank. */
        public String kinds;

        static Spec from(EmulatorConfig.Faults f) {
            Spec s = new Spec();
            s.seed = f.seed();
            s.latencyMs = f.latencyMs();
            s.jitterMs = f.jitterMs();
            s.errorRate = f.errorRate();
            s.unavailableRate = f.unavailableRate();
            s.dropRate = f.dropRate();
            s.throttleBurst = f.throttleBurst();
            s.retryAfterSeconds = f.retryAfterSeconds();
            s.dailyCallLimit = f.dailyCallLimit();
            s.overLimitLatencyMs = f.overLimitLatencyMs();
            return s;
        }

        @Override
        public Spec clone() {
            try {
                return (Spec) super.clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }

    enum Kind {
        NONE, DROP, THROTTLE, UNAVAILABLE, ERROR
    }

    /** What to do with one request: wait {@code delayMs}, then answer normally or with a fault. */
    record Decision(long delayMs, Kind kind, boolean overLimit, int retryAfterSeconds) {
    }

    private Spec spec;
    private Random random;
    private int burstLeft;

    Faults(Spec spec) {
        set(spec);
    }

    synchronized void set(Spec s) {
        spec = s.clone();
        random = new Random(s.seed);
        burstLeft = s.throttleBurst;
    }

    synchronized Spec get() {
        Spec s = spec.clone();
        s.throttleBurst = burstLeft;
        return s;
    }

    synchronized Decision decide(long callNumber, String callKind) {
        Spec s = spec;
        long delay = s.latencyMs;
        if (s.jitterMs > 0) {
            delay += random.nextInt(s.jitterMs + 1);
        }
        boolean overLimit = callNumber > s.dailyCallLimit;
        if (overLimit) {
            delay += s.overLimitLatencyMs;
        }
        Kind kind = Kind.NONE;
        if (burstLeft > 0) {
            burstLeft--;
            kind = Kind.THROTTLE;
        } else if ((s.dropRate > 0 || s.unavailableRate > 0 || s.errorRate > 0) && applies(s.kinds, callKind)) {
            double r = random.nextDouble();
            if (r < s.dropRate) {
                kind = Kind.DROP;
            } else if (r < s.dropRate + s.unavailableRate) {
                kind = Kind.UNAVAILABLE;
            } else if (r < s.dropRate + s.unavailableRate + s.errorRate) {
                kind = Kind.ERROR;
            }
        }
        return new Decision(delay, kind, overLimit, s.retryAfterSeconds);
    }

    private static boolean applies(String kinds, String callKind) {
        if (kinds == null || kinds.isBlank()) {
            return true;
        }
        for (String k : kinds.split(",")) {
            if (k.trim().equalsIgnoreCase(callKind)) {
                return true;
            }
        }
        return false;
    }
}
