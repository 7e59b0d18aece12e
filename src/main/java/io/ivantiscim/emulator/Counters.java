package io.ivantiscim.emulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Calls received by kind ({@code login}, {@code employees.list}, {@code link}, {@code fault.500}, {@code total} …),
 * counted when a request arrives, before faults are applied, so tests can assert how many Ivanti calls the bridge
 * made (as deltas: tests share one application, docs/build-notes.md pitfall 4).
 */
final class Counters {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    void inc(String kind) {
        counts.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    long get(String kind) {
        LongAdder a = counts.get(kind);
        return a == null ? 0 : a.sum();
    }

    Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        counts.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    void reset() {
        counts.clear();
    }
}
