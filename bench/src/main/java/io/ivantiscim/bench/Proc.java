package io.ivantiscim.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A child JVM (the emulator or the bridge) started from the packaged jar, with its start-up time to ready and its
 * resource use read from {@code /proc/<pid>/stat} and {@code /proc/<pid>/status} (Linux only).
 */
final class Proc implements AutoCloseable {

    /** USER_HZ: /proc/<pid>/stat counts CPU time in clock ticks, 100 per second on every Linux we run on. */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");

    final String name;
    final Process process;
    final long pid;
    final Path log;
    final long spawnedNanos;
    /** Wall time from spawn to the first 200 from the readiness URL, in ms. */
    double readyMs = -1;

    private Proc(String name, Process process, Path log, long spawnedNanos) {
        this.name = name;
        this.process = process;
        this.pid = process.pid();
        this.log = log;
        this.spawnedNanos = spawnedNanos;
    }

    static Proc start(String name, List<String> command, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        pb.directory(new File("."));
        long t0 = System.nanoTime();
        return new Proc(name, pb.start(), log, t0);
    }

    /** The driver's own JVM: the default {@code bench.java}, so a JDK switch in the Makefile reaches the children. */
    static String defaultJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** JVM options given as one property value, split at white space. */
    static List<String> words(String s) {
        return s.isBlank() ? List.of() : List.of(s.trim().split("\\s+"));
    }

    /** {@link #java(String, List, List, String)} with {@link #defaultJava()}. */
    static List<String> java(List<String> jvmOpts, List<String> sysProps, String jar) {
        return java(defaultJava(), jvmOpts, sysProps, jar);
    }

    /** The command line of a child JVM: {@code java} is the binary ({@code bench.java}), then options, then the jar. */
    static List<String> java(String java, List<String> jvmOpts, List<String> sysProps, String jar) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmOpts);
        cmd.addAll(sysProps);
        cmd.add("-jar");
        cmd.add(jar);
        return cmd;
    }

    /**
     * What {@code java -version} of the binary that spawns the children prints, on one line (vendor, version, VM), so a
     * result says which JDK the emulator and the bridge ran on.
     */
    static String version(String java) {
        try {
            Process p = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "unknown (" + java + " -version did not finish)";
            }
            return String.join("; ", out.strip().lines().map(String::strip).toList());
        } catch (IOException e) {
            throw new IllegalStateException("bench.java " + java + " cannot be run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown (interrupted)";
        }
    }

    /** The status a GET of a URL answers, with the caller's HTTP client (the bench's and the soak's differ). */
    @FunctionalInterface
    interface Probe {

        int status(String url) throws IOException, InterruptedException;
    }

    /** Polls {@code url} every 10 ms until it answers 200; records the time from spawn. */
    void awaitReady(Probe probe, String url, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (probe.status(url) == 200) {
                    readyMs = (System.nanoTime() - spawnedNanos) / 1e6;
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException(name + " not ready within " + timeout + "; see " + log);
    }

    /** Quarkus's own "started in X s" from the log, in ms, or -1. */
    double quarkusStartedMs() {
        try {
            Matcher m = STARTED.matcher(Files.readString(log));
            return m.find() ? Double.parseDouble(m.group(1)) * 1000 : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** User + system CPU seconds used so far. */
    double cpuSeconds() {
        return cpuSeconds(String.valueOf(pid));
    }

    /**
     * The driver's own user + system CPU seconds so far ({@code /proc/self/stat}): every thread of the bench's JVM,
     * the load threads and their HTTP client, the samplers, its JIT and GC (bench/README.md, "Driver CPU").
     */
    static double driverCpuSeconds() {
        return cpuSeconds("self");
    }

    private static double cpuSeconds(String pid) {
        try {
            return ticks(Files.readString(Path.of("/proc", pid, "stat"))) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * What the scheduler did to a process's threads, summed over them ({@code /proc/<pid>/task/<tid>/schedstat}): ns
     * on a CPU, ns runnable but waiting for one (run-queue delay: latency that is not the process's own work), and the
     * times a thread was put on a CPU (a wake-up or a preemption: each hand-off between threads is at least one).
     */
    record Sched(long runNanos, long waitNanos, long slices) {
    }

    /** Per thread id, {@code [run ns, wait ns, slices]}: see {@link #schedDelta}. */
    Map<Long, long[]> sched() {
        return sched(String.valueOf(pid));
    }

    /** {@link #sched()} of the driver's own JVM. */
    static Map<Long, long[]> driverSched() {
        return sched("self");
    }

    private static Map<Long, long[]> sched(String pid) {
        Map<Long, long[]> out = new HashMap<>();
        try (Stream<Path> list = Files.list(Path.of("/proc", pid, "task"))) {
            for (Path task : list.toList()) {
                try {
                    String[] f = Files.readString(task.resolve("schedstat")).trim().split(" ");
                    out.put(Long.parseLong(task.getFileName().toString()),
                            new long[] {Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])});
                } catch (IOException | RuntimeException e) {
                    // the thread ended while the list was read
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        return out;
    }

    /**
     * From {@code a} to {@code b}: the threads alive at {@code b}, each from its value at {@code a} (or from zero when
     * it started in between). A thread that ended in between is missing, so the figures are a lower bound.
     */
    static Sched schedDelta(Map<Long, long[]> a, Map<Long, long[]> b) {
        long[] sum = new long[3];
        b.forEach((tid, v) -> {
            long[] before = a.getOrDefault(tid, new long[3]);
            for (int i = 0; i < 3; i++) {
                sum[i] += Math.max(0, v[i] - before[i]);
            }
        });
        return new Sched(sum[0], sum[1], sum[2]);
    }

    /**
     * The kinds of thread a JVM's CPU is split into (bench/README.md, "CPU split"), by the thread's {@code comm} (its
     * name cut to 15 characters): {@code request} the threads that serve requests (Vert.x event loops, Quarkus's
     * {@code executor-thread-N} workers, Vert.x workers); {@code jit} the C1/C2 compiler threads; {@code gcVm} the
     * VM thread (where Serial GC collects, at safepoints), GC workers and the JVM's own housekeeping threads;
     * {@code audit} the bridge's audit writer and H2's MVStore threads (the store behind it); {@code other} every
     * other thread (the launcher's {@code main}, timers, probes, JFR) and the threads that ended in between, so the
     * kinds always add up to the process's CPU. ({@link CpuSampler} charges an ended thread to its kind up to its
     * last sample.)
     */
    static final List<String> KINDS = List.of("request", "jit", "gcVm", "audit", "other");

    /** The kind of a thread from its {@code /proc/<pid>/task/<tid>/comm}. */
    static String kind(String comm) {
        if (comm.startsWith("vert.x-eventloo") || comm.startsWith("executor-thread") || comm.startsWith("vert.x-worker")
                || comm.startsWith("vert.x-internal") || comm.startsWith("vert.x-accepto")) {
            return "request";
        }
        if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
            return "jit";
        }
        if (comm.equals("VM Thread") || comm.startsWith("GC Thread") || comm.startsWith("G1 ")
                || comm.startsWith("Serial") || comm.equals("VM Periodic Tas") || comm.equals("Service Thread")
                || comm.equals("Monitor Deflati") || comm.equals("Reference Handl") || comm.equals("Finalizer")
                || comm.equals("Common-Cleaner") || comm.equals("Signal Dispatch") || comm.equals("Notification Th")) {
            return "gcVm";
        }
        if (comm.startsWith("audit-") || comm.startsWith("MVStore")) {
            return "audit";
        }
        return "other";
    }

    /** The process's CPU ticks and each live thread's, with its kind, at one moment. */
    record CpuSnapshot(long totalTicks, Map<Long, Long> ticks, Map<Long, String> kinds) {
    }

    /**
     * Reads every {@code /proc/<pid>/task/<tid>/stat} and {@code comm}, then the process's {@code stat}: a thread that
     * ends in between is simply missing (its CPU is in the process's total, and so in {@code other} of a
     * {@link #split}).
     */
    CpuSnapshot cpuSnapshot() {
        Map<Long, Long> ticks = new HashMap<>();
        Map<Long, String> kinds = new HashMap<>();
        Path tasks = Path.of("/proc", String.valueOf(pid), "task");
        try (Stream<Path> list = Files.list(tasks)) {
            for (Path task : list.toList()) {
                try {
                    long tid = Long.parseLong(task.getFileName().toString());
                    long t = ticks(Files.readString(task.resolve("stat")));
                    String comm = Files.readString(task.resolve("comm")).strip();
                    ticks.put(tid, t);
                    kinds.put(tid, kind(comm));
                } catch (IOException | RuntimeException e) {
                    // the thread ended while the list was read
                }
            }
        } catch (IOException e) {
            // the process is gone: an empty split
        }
        // Read last, so that it covers the threads read before it.
        long total = Math.round(cpuSeconds() * TICKS_PER_SECOND);
        return new CpuSnapshot(total, ticks, kinds);
    }

    /**
     * CPU seconds by {@link #KINDS} from {@code a} to {@code b}, plus {@code total} (the process's, as
     * {@link #cpuSeconds()}) and {@code endedThreads} (the part of {@code other} that no thread in {@code b} accounts
     * for: threads that ended in between, after their last sample). The kinds add up to {@code total} exactly, in
     * ticks.
     */
    static Map<String, Double> split(CpuSnapshot a, CpuSnapshot b) {
        Map<String, Long> byKind = new LinkedHashMap<>();
        KINDS.forEach(k -> byKind.put(k, 0L));
        long live = 0;
        for (Map.Entry<Long, Long> e : b.ticks().entrySet()) {
            long delta = Math.max(0, e.getValue() - a.ticks().getOrDefault(e.getKey(), 0L));
            byKind.merge(b.kinds().get(e.getKey()), delta, Long::sum);
            live += delta;
        }
        long total = b.totalTicks() - a.totalTicks();
        // What no live thread accounts for: threads that ended in between (a tick either way when a snapshot races
        // a running thread; the bench takes them between phases, when the process is idle).
        byKind.merge("other", total - live, Long::sum);
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("total", total / TICKS_PER_SECOND);
        byKind.forEach((k, v) -> out.put(k, v / TICKS_PER_SECOND));
        out.put("endedThreads", Math.max(0, total - live) / TICKS_PER_SECOND);
        return out;
    }

    /**
     * Reads the threads' CPU every {@link #SAMPLE_MS} while a phase runs, so a thread that ends before the phase does
     * (a worker pool shrinking, a short-lived helper thread) is still charged to its kind up to its last sample:
     * only what it used after that is left to "other" as {@code endedThreads}.
     */
    final class CpuSampler implements AutoCloseable {

        private static final long SAMPLE_MS = 500;
        private final CpuSnapshot first;
        private final Map<Long, Long> last = new HashMap<>();
        private final Map<Long, String> kinds = new HashMap<>();
        private final Thread thread;
        private volatile boolean running = true;
        private Map<String, Double> split;

        CpuSampler() {
            first = cpuSnapshot();
            merge(first);
            thread = new Thread(() -> {
                while (running) {
                    try {
                        Thread.sleep(SAMPLE_MS);
                    } catch (InterruptedException e) {
                        return;
                    }
                    CpuSnapshot now = cpuSnapshot();
                    synchronized (this) {
                        merge(now);
                    }
                }
            }, "cpu-" + name);
            thread.setDaemon(true);
            thread.start();
        }

        private void merge(CpuSnapshot now) {
            last.putAll(now.ticks());
            kinds.putAll(now.kinds());
        }

        /** Ends the sampling with a last snapshot; answers {@link Proc#split} from the start to now. Idempotent. */
        Map<String, Double> stop() {
            if (split == null) {
                running = false;
                thread.interrupt();
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                CpuSnapshot end = cpuSnapshot();
                synchronized (this) {
                    merge(end);
                    split = split(first, new CpuSnapshot(end.totalTicks(), Map.copyOf(last), Map.copyOf(kinds)));
                }
            }
            return split;
        }

        @Override
        public void close() {
            stop();
        }
    }

    /** utime + stime (fields 14 and 15) of a {@code stat} line, in ticks. */
    private static long ticks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** A {@code kB} line of /proc/<pid>/status (VmRSS, VmHWM) in MiB, or -1. */
    double statusMiB(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(line.substring(key.length() + 1).replace("kB", "").trim()) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }

    /** Resets VmHWM to the current RSS (Linux ≥ 4.0, {@code echo 5 > clear_refs}); false when not permitted. */
    boolean resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc", String.valueOf(pid), "clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Samples VmRSS every 50 ms while a phase runs, so the peak is known even where clear_refs is not allowed. */
    final class RssSampler implements AutoCloseable {

        private final AtomicLong maxKiB = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        RssSampler() {
            thread = new Thread(() -> {
                while (running) {
                    double mib = statusMiB("VmRSS");
                    maxKiB.accumulateAndGet((long) (mib * 1024), Math::max);
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "rss-" + name);
            thread.setDaemon(true);
            thread.start();
        }

        double maxMiB() {
            return maxKiB.get() / 1024.0;
        }

        /** Ends the sampling with a last sample, so {@link #maxMiB()} covers the whole phase; idempotent. */
        void stop() {
            running = false;
            thread.interrupt();
            maxKiB.accumulateAndGet((long) (statusMiB("VmRSS") * 1024), Math::max);
        }

        @Override
        public void close() {
            stop();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                // Long enough for a JFR recording (bench.profile) to be written on exit.
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
