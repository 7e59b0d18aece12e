package io.ivantiscim.ivanti;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.ivantiscim.ConfigOverrides;
import io.ivantiscim.ivanti.IvantiHttp.Answer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.TypedGuard;

/**
 * A measurement, not a test (its name keeps it out of {@code make test}; run it with
 * {@code -Dtest=FaultToleranceCostProbe}): the CPU time and allocation per Ivanti call of the client's
 * fault-tolerance stack (issue 14), on one thread of the running application with its Micrometer registry, around an
 * attempt that answers a canned 200 without HTTP. Prints, per variant, the median over rounds of ns and bytes a call
 * (lines starting {@code FT-PROBE}; bench/README.md "The fault-tolerance stack per Ivanti call"). The limits are raised
 * so that pacing never waits. {@code -Dprobe.warm-up}, {@code -Dprobe.rounds}, {@code -Dprobe.calls} change the run.
 */
@QuarkusTest
@TestProfile(FaultToleranceCostProbe.Profile.class)
class FaultToleranceCostProbe {

    public static class Profile extends ConfigOverrides {

        public Profile() {
            super("bridge.ivanti.limits.requests-per-minute", "2000000000", "bridge.ivanti.startup-check", "false");
        }
    }

    private static final int WARM_UP = Integer.getInteger("probe.warm-up", 400_000);
    private static final int ROUNDS = Integer.getInteger("probe.rounds", 7);
    private static final int CALLS = Integer.getInteger("probe.calls", 200_000);

    @Inject
    IvantiClient ivanti;

    @Inject
    MeterRegistry registry;

    private static final Answer OK = new Answer(200, "{}".getBytes(), null);

    @Test
    void measure() throws Exception {
        Method guarded = IvantiClient.class.getDeclaredMethod("guarded", String.class, Function.class,
                Function.class, boolean.class);
        guarded.setAccessible(true);
        Method authenticated = IvantiClient.class.getDeclaredMethod("authenticated", String.class, Function.class,
                Function.class);
        authenticated.setAccessible(true);
        Field limiterField = IvantiClient.class.getDeclaredField("limiter");
        limiterField.setAccessible(true);
        OutboundLimiter limiter = (OutboundLimiter) limiterField.get(ivanti);
        Function<String, Answer> request = h -> OK;
        Function<Answer, Object> reader = r -> r;
        Supplier<Object> limited = () -> OK;

        report("read: guarded(…, true)", () -> guarded.invoke(ivanti, "probe", request, reader, true));
        report("write: guarded(…, false)", () -> guarded.invoke(ivanti, "probe", request, reader, false));
        report("attempt alone: authenticated(…)", () -> authenticated.invoke(ivanti, "probe", request, reader));
        report("limiter alone: limiter.run", () -> limiter.run(System.nanoTime(), limited));
        // What SmallRye's Micrometer recorder does for each event it counts (two per guarded call).
        List<Tag> tags = List.of(Tag.of("method", "probe"), Tag.of("result", "valueReturned"),
                Tag.of("fallback", "notDefined"));
        report("one tagged counter look-up", () -> {
            registry.counter("probe.lookups", tags).increment();
            return null;
        });
        for (String name : new String[]{"retry", "writeRetry", "breaker"}) {
            Field f = IvantiClient.class.getDeclaredField(name);
            f.setAccessible(true);
            @SuppressWarnings("unchecked")
            TypedGuard<Object> guard = (TypedGuard<Object>) f.get(ivanti);
            report("guard alone: " + name, () -> guard.get(limited));
        }
    }

    interface Call {

        Object run() throws Exception;
    }

    private static void report(String what, Call call) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
                .getThreadMXBean();
        for (int i = 0; i < WARM_UP; i++) {
            call.run();
        }
        long[] ns = new long[ROUNDS];
        long[] bytes = new long[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            long cpu = threads.getCurrentThreadCpuTime();
            long allocated = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < CALLS; i++) {
                call.run();
            }
            ns[r] = (threads.getCurrentThreadCpuTime() - cpu) / CALLS;
            bytes[r] = (threads.getCurrentThreadAllocatedBytes() - allocated) / CALLS;
        }
        long[] sortedNs = ns.clone();
        long[] sortedBytes = bytes.clone();
        Arrays.sort(sortedNs);
        Arrays.sort(sortedBytes);
        System.out.printf("FT-PROBE %-34s %6d ns/call %6d B/call   (rounds ns %s, B %s)%n", what,
                sortedNs[ROUNDS / 2], sortedBytes[ROUNDS / 2], Arrays.toString(ns), Arrays.toString(bytes));
    }
}
