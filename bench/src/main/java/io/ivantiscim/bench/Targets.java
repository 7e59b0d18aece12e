package io.ivantiscim.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The targets of issues 7 and 14, each with the issue it comes from, its goal, the measured figure and whether it is
 * met. A phase with a wrong answer meets none of its targets (its figures are not those of a working bridge).
 */
final class Targets {

    /** Ivanti calls per SCIM operation at the floors of issue 3 (and one per Ivanti page of 100 for imports). */
    static final Map<String, Double> FLOOR = Map.ofEntries(Map.entry("a-create", 2.0), Map.entry("b-lookup", 1.0),
            Map.entry("c-get", 1.0), Map.entry("d-put-okta", 2.0), Map.entry("d-patch-entra", 2.0),
            Map.entry("d-patch-okta", 2.0), Map.entry("e-import-100", 1.0), Map.entry("e-import-1000", 10.0),
            Map.entry("g-delete", 2.0));

    /** Issue 14: bridge CPU per operation at c=8, 0 ms (ms). */
    static final Map<String, Double> CPU_MS = Map.of("c-get", 0.25, "b-lookup", 0.25, "a-create", 0.6, "d-put-okta",
            0.6, "d-patch-entra", 0.6, "d-patch-okta", 0.6, "g-delete", 0.6);
    /** Issue 14: group member PATCH CPU per member changed (ms). */
    static final double CPU_MS_PER_MEMBER = 0.3;
    /** Issue 14: throughput at c=8, 0 ms (ops/s). */
    static final Map<String, Double> OPS_PER_SECOND = Map.of("c-get", 3000.0, "b-lookup", 2500.0, "a-create", 1500.0,
            "d-patch-entra", 1500.0, "d-patch-okta", 1500.0);
    /** Issue 15: no request takes more than 2 s of the bridge's CPU, the largest valid group push included. */
    static final double PUSH_CPU_MS = 2000;

    /** Issue 14: the Okta push of a large group, in one request, within Okta's 60 s timeout. */
    static final double PUSH_SECONDS = 60;
    /**
     * Issue 14: adding one member costs O(1) Ivanti calls. Equal for a 10- and a 2,000-member group, and at most this
     * many: the group's read, the member's read, a membership check, the link, and one spare. A read of the whole
     * group is 20 pages of 100 at 2,000 members, so it cannot hide under the constant.
     */
    static final long ADD_ONE_MAX_CALLS = 5;

    private Targets() {
    }

    static List<Map<String, Object>> evaluate(Map<String, Object> result) {
        JsonNode r = Bench.JSON.valueToTree(result);
        List<Map<String, Object>> out = new ArrayList<>();
        issue14(r, out);
        issue7(r, out);
        return out;
    }

    /** Issue 14's targets, grouped as the issue lists them: CPU, throughput, overhead, then start-up/RSS and groups. */
    private static void issue14(JsonNode r, List<Map<String, Object>> out) {
        List<Map<String, Object>> cpuRows = new ArrayList<>();
        List<Map<String, Object>> throughputRows = new ArrayList<>();
        List<Map<String, Object>> overheadRows = new ArrayList<>();
        for (JsonNode run : r.path("runs")) {
            int latency = run.path("latencyMs").asInt();
            int c = run.path("concurrency").asInt();
            if (latency != 0) {
                continue;
            }
            for (JsonNode p : run.path("phases")) {
                String phase = p.path("phase").asText();
                int errors = p.path("bridge").path("errors").asInt();
                String wrong = errors > 0 ? errors + " wrong answers; " : "";
                double cpu = p.path("bridgeCpuMsPerOp").asDouble();
                double emuCpu = p.path("emulatorCpuMsPerOp").asDouble();
                String cpus = String.format(Locale.ROOT, "%sbridge %.3f + emulator %.3f + driver %.3f CPU ms/op; "
                        + "bridge %s", wrong, cpu, emuCpu, p.path("driverCpuMsPerOp").asDouble(), split(p));
                String jit = jit(p, p.path("bridgeCpuSplitMsPerOp").path("jit").asDouble(), "ms");
                if (c == 8 && CPU_MS.containsKey(phase)) {
                    double goal = CPU_MS.get(phase);
                    add(cpuRows, "14", "bridge CPU per op (c=8, 0 ms): " + phase, "≤ " + goal + " ms", cpu,
                            cpu <= goal && errors == 0, cpus, jit);
                }
                if (c == 8 && phase.equals("f-group-add-100")) {
                    double perMember = p.path("bridgeCpuMsPerMember").asDouble();
                    int changed = Math.max(1, p.path("membersChanged").asInt());
                    add(cpuRows, "14", "bridge CPU per member changed (c=8, 0 ms): f-group-add-100",
                            "≤ " + CPU_MS_PER_MEMBER + " ms", perMember,
                            perMember <= CPU_MS_PER_MEMBER && errors == 0,
                            String.format(Locale.ROOT, "%s%d members, %d PATCH requests; emulator %.3f CPU ms/member",
                                    wrong, p.path("membersChanged").asInt(), p.path("bridge").path("ops").asInt(),
                                    p.path("emulatorCpuSeconds").asDouble() * 1000 / changed),
                            jit(p, p.path("bridgeCpuSplitSeconds").path("jit").asDouble() * 1000 / changed, "ms"));
                }
                if (c == 8 && OPS_PER_SECOND.containsKey(phase)) {
                    double goal = OPS_PER_SECOND.get(phase);
                    double got = p.path("bridge").path("opsPerSecond").asDouble();
                    add(throughputRows, "14", "throughput (c=8, 0 ms, emulator in its own process): " + phase,
                            "≥ " + (int) goal + " /s", got, got >= goal && errors == 0, cpus, jit(p, -1, ""));
                }
                // The IdP operations only: an import page is several Ivanti pages fetched and merged, which no
                // bridge does in 0.5 ms, so the issue's overhead goal cannot apply to it (bench/README.md).
                if (c == 1 && hasDirect(p) && !phase.startsWith("e-")) {
                    double p50 = p.path("overhead").path("p50Ms").asDouble();
                    double p99 = p.path("overhead").path("p99Ms").asDouble();
                    String vs = String.format(Locale.ROOT,
                            "%sbridge p50 %.2f / p99 %.2f, direct p50 %.2f / p99 %.2f ms",
                            wrong, p.path("bridge").path("p50Ms").asDouble(), p.path("bridge").path("p99Ms").asDouble(),
                            p.path("direct").path("p50Ms").asDouble(), p.path("direct").path("p99Ms").asDouble());
                    add(overheadRows, "14", "overhead p50 vs direct (c=1, 0 ms; IdP operations, not imports): "
                            + phase, "≤ 0.5 ms", p50, p50 <= 0.5 && errors == 0, vs, jit(p, -1, ""));
                    add(overheadRows, "14", "overhead p99 vs direct (c=1, 0 ms; IdP operations, not imports): "
                            + phase, "≤ 3 ms", p99, p99 <= 3.0 && errors == 0, vs, jit(p, -1, ""));
                }
            }
        }
        out.addAll(cpuRows);
        out.addAll(throughputRows);
        out.addAll(overheadRows);
        JsonNode startup = r.path("startup");
        if (!startup.isMissingNode()) {
            double ready = startup.path("jvmReadyMsMedian").asDouble();
            add(out, "7, 14", "JVM ready, spawn → /q/health/ready 200 (median of " + startup.path("jvm").size() + ")",
                    "≤ 1500 ms", ready, ready <= 1500, "idle RSS median " + startup.path("jvmIdleRssMiBMedian")
                            .asDouble() + " MiB");
        }
        JsonNode afterDay = r.path("afterDay");
        if (!afterDay.isMissingNode()) {
            double rss = afterDay.path("rssMiB").asDouble();
            add(out, "14", "bridge RSS after the IdP-day run", "≤ 200 MiB", rss, rss <= 200,
                    "peak (VmHWM since the last phase reset) " + afterDay.path("peakRssMiB").asDouble() + " MiB");
        }
        for (JsonNode imp : r.path("import")) {
            JsonNode f = imp.path("rssFlat");
            double rise = f.path("maxRisePercent").asDouble();
            double drop = f.path("maxDropPercent").asDouble();
            int errors = imp.path("errors").asInt();
            add(out, "14", "RSS flat through the " + importName(imp), "within ±10 % of the RSS after 10 % of pages",
                    String.format(Locale.ROOT, "+%.1f %% / −%.1f %%", rise, drop), rise <= 10 && drop <= 10
                            && errors == 0,
                    String.format(Locale.ROOT, "%sreference %.0f MiB after page %d, max %.0f, min %.0f MiB",
                            errors > 0 ? errors + " wrong answers; " : "", f.path("referenceMiB").asDouble(),
                            f.path("referencePage").asInt(), f.path("maxMiB").asDouble(), f.path("minMiB").asDouble()));
        }
        JsonNode g = r.path("groupsAtScale");
        if (g.has("members")) {
            int errors = g.path("errors").asInt();
            boolean answered = g.path("pushAnswer").asText().equals("ok");
            double seconds = g.path("pushSeconds").asDouble();
            add(out, "14", "Okta push of a " + g.path("members").asInt() + "-member group in one PATCH ("
                    + g.path("latencyMs").asInt() + " ms emulator latency)", "< " + (int) PUSH_SECONDS + " s",
                    seconds, seconds < PUSH_SECONDS && answered && errors == 0,
                    String.format(Locale.ROOT, "%s; %d Ivanti calls; bridge CPU %.3f ms/member",
                            answered ? "answered" : g.path("pushAnswer").asText(),
                            g.path("pushIvantiCalls").path("total").asLong(),
                            g.path("pushBridgeCpuMsPerMember").asDouble()));
            double cpuMs = g.path("pushBridgeCpuSeconds").asDouble() * 1000;
            add(out, "15", "bridge CPU of that one push request (the import's bridge: membership code not run yet)",
                    "≤ " + (int) PUSH_CPU_MS + " ms", cpuMs, cpuMs <= PUSH_CPU_MS && answered && errors == 0,
                    String.format(Locale.ROOT, "%.3f ms/member; JIT %.0f %% of it",
                            g.path("pushBridgeCpuMsPerMember").asDouble(),
                            g.path("pushBridgeJitSharePercent").asDouble()));
            JsonNode one = g.path("addOne");
            long small = one.path("smallCalls").path("total").asLong();
            long large = one.path("largeCalls").path("total").asLong();
            add(out, "14", "Ivanti calls to add 1 member: " + one.path("smallGroupMembers").asInt() + "-member vs "
                    + one.path("largeGroupMembers").asInt() + "-member group", "equal and ≤ " + ADD_ONE_MAX_CALLS,
                    small + " vs " + large, small == large && large <= ADD_ONE_MAX_CALLS && errors == 0,
                    (errors > 0 ? errors + " wrong answers; " : "") + "small " + one.path("smallCalls")
                            + ", large " + one.path("largeCalls"));
        }
    }

    private static void issue7(JsonNode r, List<Map<String, Object>> out) {
        int wrong = 0;
        for (JsonNode run : r.path("runs")) {
            int latency = run.path("latencyMs").asInt();
            int c = run.path("concurrency").asInt();
            for (JsonNode p : run.path("phases")) {
                String phase = p.path("phase").asText();
                int errors = p.path("bridge").path("errors").asInt();
                wrong += errors;
                double calls = p.path("ivantiCallsPerOp").asDouble();
                if (FLOOR.containsKey(phase) && latency == 0 && c == 8) {
                    double floor = FLOOR.get(phase);
                    // Import pages: the last page may be short, so a page can cost fewer calls than the floor.
                    // Exact, on the call count (not the rounded calls/op): the stray call both sides once showed was
                    // the emulator's own readiness probe (bench/README.md, "Stray call"), now off.
                    add(out, "7", "Ivanti calls/op at the floor (c=8, 0 ms): " + phase, "≤ " + floor, calls,
                            p.path("ivantiCalls").path("total").asLong() <= floor * p.path("bridge").path("ops").asInt()
                                    && errors == 0,
                            p.path("ivantiCalls").path("total").asLong() + " calls for " + p.path("bridge").path("ops")
                                    .asInt() + " ops; direct baseline " + p.path("directIvantiCallsPerOp").asDouble()
                                    + "; " + p.path("ivantiCalls"));
                }
                if (latency == 0 && c == 8 && hasDirect(p)) {
                    double p50 = p.path("overhead").path("p50Ms").asDouble();
                    double p99 = p.path("overhead").path("p99Ms").asDouble();
                    add(out, "7", "overhead p50 vs direct (c=8, 0 ms): " + phase, "≤ 1 ms", p50, p50 <= 1.0
                            && errors == 0, "");
                    add(out, "7", "overhead p99 vs direct (c=8, 0 ms): " + phase, "≤ 5 ms", p99, p99 <= 5.0
                            && errors == 0, "");
                }
                if (latency > 0 && c == 32 && calls > 0 && !phase.startsWith("e-") && !phase.startsWith("f-")) {
                    double ideal = 32 / (calls * latency / 1000.0);
                    double got = p.path("bridge").path("opsPerSecond").asDouble();
                    add(out, "7", "throughput (" + latency + " ms, c=32): " + phase, "≥ 80 % of " + Load.round(ideal)
                            + " /s", Load.round(got / ideal * 100) + " %", got >= 0.8 * ideal && errors == 0,
                            Load.round(got) + " /s");
                }
            }
        }
        for (JsonNode imp : r.path("import")) {
            wrong += imp.path("errors").asInt();
            double rss = imp.path("bridgeRssAfterMiB").asDouble();
            double peak = imp.path("bridgePeakRssMiB").asDouble();
            add(out, "7", "RSS after the " + importName(imp), "≤ 200 MiB", rss, rss <= 200,
                    "peak " + Load.round(peak) + " MiB");
            double ratio = imp.path("ratioToExpected").asDouble();
            add(out, "7", "import time vs pages × Ivanti page time: " + importName(imp), "≤ 1.25", ratio,
                    ratio <= 1.25, imp.path("seconds").asDouble() + " s vs " + imp.path("expectedSeconds").asDouble()
                            + " s");
        }
        wrong += r.path("groupsAtScale").path("errors").asInt();
        String aborted = r.path("aborted").asText("");
        add(out, "7", "every answer right (all phases, imports, groups at scale)", "0 wrong", wrong,
                wrong == 0 && aborted.isEmpty(), aborted.isEmpty() ? "" : "ABORTED: " + aborted);
    }

    private static String importName(JsonNode imp) {
        return imp.path("users").asInt() + "-user import, pages of " + imp.path("pageSize").asInt() + ", "
                + imp.path("latencyMs").asInt() + " ms";
    }

    /**
     * The "of which JIT" cell of a phase's row: the JIT threads' part of the measured CPU ({@code value} in
     * {@code unit}; a negative value shows the share alone), so a reader sees whether a miss is compilation.
     */
    private static String jit(JsonNode p, double value, String unit) {
        if (!p.has("bridgeJitSharePercent")) {
            return "";
        }
        double share = p.path("bridgeJitSharePercent").asDouble();
        return value < 0 ? String.format(Locale.ROOT, "%.0f %% of CPU", share)
                : String.format(Locale.ROOT, "%.3f %s (%.0f %%)", value, unit, share);
    }

    /** The bridge's CPU ms/op by thread kind, for a row's detail. */
    private static String split(JsonNode p) {
        JsonNode s = p.path("bridgeCpuSplitMsPerOp");
        return String.format(Locale.ROOT, "request %.3f / JIT %.3f / GC+VM %.3f / audit %.3f / other %.3f",
                s.path("request").asDouble(), s.path("jit").asDouble(), s.path("gcVm").asDouble(),
                s.path("audit").asDouble(), s.path("other").asDouble());
    }

    private static boolean hasDirect(JsonNode p) {
        return !p.path("overhead").isMissingNode() && !p.path("overhead").isNull();
    }

    private static void add(List<Map<String, Object>> out, String issue, String target, String goal, Object measured,
            boolean met, String detail) {
        add(out, issue, target, goal, measured, met, detail, "");
    }

    private static void add(List<Map<String, Object>> out, String issue, String target, String goal, Object measured,
            boolean met, String detail, String ofWhichJit) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issue", issue);
        m.put("target", target);
        m.put("goal", goal);
        m.put("measured", measured);
        m.put("met", met);
        m.put("ofWhichJit", ofWhichJit);
        m.put("detail", detail);
        out.add(m);
    }
}
