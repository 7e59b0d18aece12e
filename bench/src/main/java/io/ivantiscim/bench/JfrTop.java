package io.ivantiscim.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR recording's CPU profile in a few lines: {@code java -cp ... io.ivantiscim.bench.JfrTop [-n 10] file.jfr ...}
 * prints the top-N methods by self samples ({@code jdk.ExecutionSample}: the method on top of the stack), the samples
 * by subsystem (package prefix of that method; and with JDK frames charged to the nearest non-JDK caller, which says
 * who asked for the JDK's work), the thread pools the samples ran on, and the GC pause and JIT compilation totals.
 * Execution samples only see Java threads running Java code: JIT compiler threads and native GC work are not in them,
 * which is why the JIT and GC lines are there.
 */
public final class JfrTop {

    /** Package prefixes → subsystem, first match wins (bench/README.md lists them). */
    static final List<Map.Entry<String, String>> SUBSYSTEMS = List.of(Map.entry("io.netty.", "netty/vert.x"),
            Map.entry("io.vertx.", "netty/vert.x"), Map.entry("com.fasterxml.jackson.", "jackson"),
            Map.entry("org.jboss.resteasy.", "resteasy/quarkus"), Map.entry("io.quarkus.", "resteasy/quarkus"),
            Map.entry("org.h2.", "h2"), Map.entry("io.micrometer.", "micrometer"),
            Map.entry("org.jboss.logging.", "jboss logging/logmanager"),
            Map.entry("org.jboss.logmanager.", "jboss logging/logmanager"),
            Map.entry("com.unboundid.", "unboundid scim sdk"), Map.entry("io.ivantiscim.", "io.ivantiscim"),
            Map.entry("io.smallrye.", "smallrye (FT, config, mutiny)"), Map.entry("java.", "java.*/jdk.*/sun.*"),
            Map.entry("javax.", "java.*/jdk.*/sun.*"), Map.entry("jdk.", "java.*/jdk.*/sun.*"),
            Map.entry("sun.", "java.*/jdk.*/sun.*"), Map.entry("com.sun.", "java.*/jdk.*/sun.*"));
    static final String JDK = "java.*/jdk.*/sun.*";
    private static final Pattern LAMBDA = Pattern.compile("\\$\\$Lambda(\\$\\d+)?(/0x[0-9a-f]+)?");
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    private JfrTop() {
    }

    public static void main(String[] args) throws IOException {
        int n = 10;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("-n") && i + 1 < args.length) {
                n = Integer.parseInt(args[++i]);
            } else {
                files.add(Path.of(args[i]));
            }
        }
        if (files.isEmpty()) {
            System.err.println("usage: JfrTop [-n N] file.jfr ...");
            System.exit(2);
        }
        for (Path f : files) {
            System.out.println(report(f, n));
        }
    }

    /** The report of one recording, as text. */
    static String report(Path file, int n) throws IOException {
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> bySubsystem = new HashMap<>();
        Map<String, Long> byCaller = new HashMap<>();
        Map<String, Long> callerMethods = new HashMap<>();
        Map<String, Long> byThread = new HashMap<>();
        long samples = 0;
        long gcPauseNanos = 0;
        long gcPauses = 0;
        long compilations = -1;
        long compileMillis = -1;
        Instant first = null;
        Instant last = null;
        try (RecordingFile in = new RecordingFile(file)) {
            while (in.hasMoreEvents()) {
                RecordedEvent e = in.readEvent();
                String type = e.getEventType().getName();
                if (first == null || e.getStartTime().isBefore(first)) {
                    first = e.getStartTime();
                }
                if (last == null || e.getEndTime().isAfter(last)) {
                    last = e.getEndTime();
                }
                switch (type) {
                    case "jdk.ExecutionSample" -> {
                        RecordedStackTrace st = e.getStackTrace();
                        if (st == null || st.getFrames().isEmpty()) {
                            continue;
                        }
                        samples++;
                        List<RecordedFrame> frames = st.getFrames();
                        String top = typeName(frames.get(0));
                        self.merge(top + "." + frames.get(0).getMethod().getName(), 1L, Long::sum);
                        String sub = subsystem(top);
                        bySubsystem.merge(sub, 1L, Long::sum);
                        String caller = sub;
                        int at = 0;
                        while (caller.equals(JDK) && at + 1 < frames.size()) {
                            caller = subsystem(typeName(frames.get(++at)));
                        }
                        byCaller.merge(caller.equals(JDK) ? JDK + " (no other frame)" : caller, 1L, Long::sum);
                        callerMethods.merge(typeName(frames.get(at)) + "." + frames.get(at).getMethod().getName(), 1L,
                                Long::sum);
                        String thread = e.getThread("sampledThread") == null ? "?"
                                : e.getThread("sampledThread").getJavaName();
                        byThread.merge(thread == null ? "?" : DIGITS.matcher(thread).replaceAll("#"), 1L, Long::sum);
                    }
                    case "jdk.GarbageCollection" -> {
                        gcPauses++;
                        gcPauseNanos += e.getDuration("sumOfPauses").toNanos();
                    }
                    case "jdk.CompilerStatistics" -> {
                        // Periodic and cumulative: the last one holds the totals.
                        compilations = e.getLong("compileCount");
                        compileMillis = e.getDuration("totalTimeSpent").toMillis();
                    }
                    default -> {
                    }
                }
            }
        }
        StringBuilder out = new StringBuilder();
        Duration span = first == null ? Duration.ZERO : Duration.between(first, last);
        out.append(String.format(Locale.ROOT, "%s: %d execution samples over %.1f s%n", file.getFileName(), samples,
                span.toMillis() / 1000.0));
        out.append(String.format(Locale.ROOT, "top %d methods by self samples:%n", n));
        int rank = 1;
        for (Map.Entry<String, Long> e : sorted(self)) {
            if (rank > n) {
                break;
            }
            out.append(String.format(Locale.ROOT, "  %2d. %5.1f %%  %6d  %s%n", rank++, pct(e.getValue(), samples),
                    e.getValue(), e.getKey()));
        }
        out.append(String.format(Locale.ROOT, "top %d methods with JDK frames charged to their nearest non-JDK "
                + "caller:%n", n));
        rank = 1;
        for (Map.Entry<String, Long> e : sorted(callerMethods)) {
            if (rank > n) {
                break;
            }
            out.append(String.format(Locale.ROOT, "  %2d. %5.1f %%  %6d  %s%n", rank++, pct(e.getValue(), samples),
                    e.getValue(), e.getKey()));
        }
        out.append("by subsystem (self samples | JDK frames charged to their nearest non-JDK caller):\n");
        Map<String, long[]> subs = new LinkedHashMap<>();
        sorted(byCaller).forEach(e -> subs.computeIfAbsent(e.getKey(), k -> new long[2])[1] = e.getValue());
        sorted(bySubsystem).forEach(e -> subs.computeIfAbsent(e.getKey(), k -> new long[2])[0] = e.getValue());
        long total = samples;
        subs.forEach((k, v) -> out.append(String.format(Locale.ROOT, "  %-36s %5.1f %% | %5.1f %%%n", k,
                pct(v[0], total), pct(v[1], total))));
        out.append("by thread (digits as #):\n");
        rank = 1;
        for (Map.Entry<String, Long> e : sorted(byThread)) {
            if (rank++ > 6) {
                break;
            }
            out.append(String.format(Locale.ROOT, "  %-40s %5.1f %%%n", e.getKey(), pct(e.getValue(), samples)));
        }
        out.append(String.format(Locale.ROOT, "GC: %d collections, %.0f ms paused; JIT: %s%n", gcPauses,
                gcPauseNanos / 1e6, compilations < 0 ? "no jdk.CompilerStatistics event"
                        : compilations + " compilations, " + compileMillis
                                + " ms in compilations (summed over the compiler threads)"));
        return out.toString();
    }

    static String subsystem(String className) {
        for (Map.Entry<String, String> e : SUBSYSTEMS) {
            if (className.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return "other";
    }

    private static String typeName(RecordedFrame frame) {
        return LAMBDA.matcher(frame.getMethod().getType().getName()).replaceAll("\\$\\$Lambda");
    }

    private static List<Map.Entry<String, Long>> sorted(Map<String, Long> m) {
        List<Map.Entry<String, Long>> list = new ArrayList<>(m.entrySet());
        list.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        return list;
    }

    private static double pct(long part, long whole) {
        return whole == 0 ? 0 : part * 100.0 / whole;
    }
}
