package io.ivantiscim.bench;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /** Polls {@code url} every 10 ms until it answers 200; records the time from spawn. */
    void awaitReady(HttpClient http, String url, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
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
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // Fields after the parenthesised command name; utime and stime are fields 14 and 15 (1-based).
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
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
