package io.ivantiscim.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs {@code n} operations on {@code concurrency} threads (closed loop: each thread starts its next operation when
 * the previous one answered) and times each. An operation returns null when its answer was right, or a short reason
 * when it was not; a wrong answer is an error and is not counted as throughput.
 */
final class Load {

    /** One operation; {@code i} is its index in 0..n-1. Exceptions count as errors. */
    @FunctionalInterface
    interface Op {

        String run(int i) throws Exception;
    }

    /** What one phase measured. */
    record Stats(int ops, int errors, double seconds, double opsPerSecond, double p50, double p95, double p99,
            double max, double mean, List<String> errorSamples) {

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ops", ops);
            m.put("errors", errors);
            m.put("seconds", round(seconds));
            m.put("opsPerSecond", round(opsPerSecond));
            m.put("p50Ms", round(p50));
            m.put("p95Ms", round(p95));
            m.put("p99Ms", round(p99));
            m.put("maxMs", round(max));
            m.put("meanMs", round(mean));
            if (!errorSamples.isEmpty()) {
                m.put("errorSamples", errorSamples);
            }
            return m;
        }
    }

    private Load() {
    }

    static Stats run(int n, int concurrency, Op op) throws InterruptedException {
        long[] nanos = new long[n];
        boolean[] failed = new boolean[n];
        List<String> samples = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        Thread[] threads = new Thread[Math.max(1, Math.min(concurrency, n))];
        long start = System.nanoTime();
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    String error;
                    try {
                        error = op.run(i);
                    } catch (Exception e) {
                        error = e.getClass().getSimpleName() + ": " + e.getMessage();
                    }
                    nanos[i] = System.nanoTime() - t0;
                    if (error != null) {
                        failed[i] = true;
                        errors.incrementAndGet();
                        if (samples.size() < 5) {
                            samples.add("#" + i + " " + (error.length() > 300 ? error.substring(0, 300) : error));
                        }
                    }
                }
            }, "load-" + t);
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // Latency percentiles are over the operations that answered correctly.
        long[] ok = new long[n - errors.get()];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (!failed[i]) {
                ok[k++] = nanos[i];
            }
        }
        Arrays.sort(ok);
        double sum = 0;
        for (long v : ok) {
            sum += v;
        }
        return new Stats(n, errors.get(), seconds, ok.length / seconds, pct(ok, 0.50), pct(ok, 0.95),
                pct(ok, 0.99), ok.length == 0 ? 0 : ok[ok.length - 1] / 1e6, ok.length == 0 ? 0 : sum / ok.length / 1e6,
                List.copyOf(samples));
    }

    /** Nearest-rank percentile, in ms. */
    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int idx = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))] / 1e6;
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
