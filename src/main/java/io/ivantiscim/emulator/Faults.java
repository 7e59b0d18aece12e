package io.ivantiscim.emulator;

import java.util.List;
import java.util.Random;

import io.ivantiscim.config.EmulatorConfig;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.ext.web.RoutingContext;

/**
 * Fault injection on the Ivanti API routes: latency with jitter, a latency range for creates, rates of
 * 500/503/dropped connections, answers lost after the write was applied, a burst of 429s, a time-based throttle,
 * and the row 26 slow-down above the daily call limit; {@link #decide} chooses, {@link #reply} answers. One seeded
 * {@link Random} drawn in request order makes runs reproducible.
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
        /** Fraction (0..1) of successful writes whose connection is closed after the write is stored. */
        public double lostAnswerRate;
        public int throttleBurst;
        /** Every call answers 429 for this many seconds after the faults are set, Retry-After the time left. */
        public int throttleSeconds;
        public int retryAfterSeconds = 1;
        public long dailyCallLimit = 100_000;
        public int overLimitLatencyMs = 250;
        /** Latency range of creates (docs/ivanti-api.md §8.12: workflows run on save), added to the rest. */
        public int createLatencyMinMs;
        public int createLatencyMaxMs;
        /**
         * The next this many calls (of {@link #kinds}; logins never) answer 401 before any work, as Ivanti does when
         * the session ended (docs/ivanti-api.md §1.3): a write that meets ended sessions on every renewal.
         */
        public int sessionEndedCalls;
        /**
         * Comma-separated call kinds (e.g. {@code link,unlink}) the error, 503, drop and ended-session faults apply to;
         * all if blank.
         */
        public String kinds;

        static Spec from(EmulatorConfig.Faults f) {
            Spec s = new Spec();
            s.seed = f.seed();
            s.latencyMs = f.latencyMs();
            s.jitterMs = f.jitterMs();
            s.errorRate = f.errorRate();
            s.unavailableRate = f.unavailableRate();
            s.dropRate = f.dropRate();
            s.lostAnswerRate = f.lostAnswerRate();
            s.throttleBurst = f.throttleBurst();
            s.throttleSeconds = f.throttleSeconds();
            s.retryAfterSeconds = f.retryAfterSeconds();
            s.dailyCallLimit = f.dailyCallLimit();
            s.overLimitLatencyMs = f.overLimitLatencyMs();
            s.createLatencyMinMs = f.createLatencyMinMs();
            s.createLatencyMaxMs = f.createLatencyMaxMs();
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
        NONE, DROP, THROTTLE, UNAVAILABLE, ERROR,
        /** The call runs and its write is stored; its answer is replaced by a closed connection. */
        LOST_ANSWER,
        /** 401, nothing done: the session ended. */
        SESSION_ENDED
    }

    /**
     * What to do with one request: wait {@code delayMs}, then answer normally or with a fault; a normal answer is
     * held {@code answerDelayMs} more after the work is done (a create whose record exists before its answer).
     */
    record Decision(long delayMs, long answerDelayMs, Kind kind, boolean overLimit, int retryAfterSeconds) {
    }

    private Spec spec;
    private Random random;
    private int burstLeft;
    private int sessionEndedLeft;
    private long throttleUntilNanos;

    Faults(Spec spec) {
        set(spec);
    }

    synchronized void set(Spec s) {
        spec = s.clone();
        random = new Random(s.seed);
        burstLeft = s.throttleBurst;
        sessionEndedLeft = s.sessionEndedCalls;
        throttleUntilNanos = s.throttleSeconds > 0 ? System.nanoTime() + s.throttleSeconds * 1_000_000_000L : 0;
    }

    synchronized Spec get() {
        Spec s = spec.clone();
        s.throttleBurst = burstLeft;
        s.sessionEndedCalls = sessionEndedLeft;
        s.throttleSeconds = throttleSecondsLeft();
        return s;
    }

    /** Whole seconds (rounded up) until the time-based throttle lifts; 0 when it is off or over. */
    private int throttleSecondsLeft() {
        long left = throttleUntilNanos - System.nanoTime();
        return throttleUntilNanos == 0 || left <= 0 ? 0 : (int) ((left + 999_999_999L) / 1_000_000_000L);
    }

    synchronized Decision decide(long callNumber, String callKind) {
        Spec s = spec;
        long delay = s.latencyMs;
        if (s.jitterMs > 0) {
            delay += random.nextInt(s.jitterMs + 1);
        }
        long answerDelay = 0;
        if (callKind.endsWith(".create") && (s.createLatencyMinMs > 0 || s.createLatencyMaxMs > 0)) {
            int min = Math.max(0, s.createLatencyMinMs);
            int max = Math.max(min, s.createLatencyMaxMs);
            answerDelay = min + (max > min ? random.nextInt(max - min + 1) : 0);
        }
        boolean overLimit = callNumber > s.dailyCallLimit;
        if (overLimit) {
            delay += s.overLimitLatencyMs;
        }
        Kind kind = Kind.NONE;
        int retryAfter = s.retryAfterSeconds;
        int throttled = throttleSecondsLeft();
        if (throttled > 0) {
            kind = Kind.THROTTLE;
            retryAfter = throttled;
        } else if (burstLeft > 0) {
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
        if (kind == Kind.NONE && sessionEndedLeft > 0 && !callKind.equals("login") && applies(s.kinds, callKind)) {
            sessionEndedLeft--;
            kind = Kind.SESSION_ENDED;
        }
        if (kind == Kind.NONE && s.lostAnswerRate > 0 && isWrite(callKind) && applies(s.kinds, callKind)
                && random.nextDouble() < s.lostAnswerRate) {
            kind = Kind.LOST_ANSWER;
        }
        return new Decision(delay, answerDelay, kind, overLimit, retryAfter);
    }

    /** The call kinds that store something: create, update, delete, link, unlink. */
    static boolean isWrite(String callKind) {
        return callKind.endsWith(".create") || callKind.endsWith(".update") || callKind.endsWith(".delete")
                || callKind.equals("link") || callKind.equals("unlink");
    }

    /**
     * Answers a call the decision turned into a fault: the connection dropped, 429 or 503 with {@code Retry-After}
     * in the gateway's {@code {"Message"}} shape, or a 500 whose message is HTML-entity-encoded JSON
     * ({@code docs/ivanti-api.md} row 25). ITSM documents no 429 at all (row 26), so those are a GUESS.
     */
    static void reply(RoutingContext ctx, Decision d, Counters counters, String tenant) {
        switch (d.kind()) {
            case DROP -> {
                counters.inc("fault.drop");
                ctx.request().connection().close();
            }
            case THROTTLE -> {
                counters.inc("fault.429");
                ctx.response().putHeader("Retry-After", String.valueOf(d.retryAfterSeconds()));
                Replies.send(ctx, 429, Replies.JSON, "{\"Message\":\"Too many requests. Please retry later.\"}");
            }
            case UNAVAILABLE -> {
                counters.inc("fault.503");
                ctx.response().putHeader("Retry-After", String.valueOf(d.retryAfterSeconds()));
                Replies.send(ctx, 503, Replies.JSON, "{\"Message\":\"The service is unavailable.\"}");
            }
            case ERROR -> {
                counters.inc("fault.500");
                Replies.error(ctx, new IsmError(500, "ISM_5000", "Internal server error", List.of(
                        "Unhandled system exception: {&quot;error&quot;:{&quot;code&quot;:&quot;SaveFailed&quot;,"
                                + "&quot;message&quot;:&quot;Injected fault&quot;,&quot;TenantId&quot;:&quot;"
                                + tenant + "&quot;}}")));
            }
            case SESSION_ENDED -> {
                counters.inc("fault.401");
                Replies.error(ctx, IsmError.unauthorized("Invalid Session key or Authentication token or Host"));
            }
            case NONE, LOST_ANSWER -> throw new IllegalStateException("not answered in place of the call: " + d.kind());
        }
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
