package io.ivantiscim.bench;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/** The markdown summary next to each JSON result. */
final class Report {

    private Report() {
    }

    static String markdown(JsonNode r) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark ").append(r.path("label").asText()).append(" — ").append(r.path("started").asText())
                .append("\n\n");
        JsonNode host = r.path("host");
        md.append("Host: ").append(host.path("cores").asInt()).append(" cores, ").append(host.path("memTotal").asText())
                .append(", ").append(host.path("java").asText()).append(". Load average at start `")
                .append(host.path("startLoadAverage").asText()).append("`, at end `")
                .append(r.path("endLoadAverage").asText()).append("`. ").append(host.path("note").asText())
                .append("\n\n");
        md.append("Emulator and bridge JDK (`bench.java` = `").append(host.path("childJava").asText()).append("`): ")
                .append(host.path("childJdk").asText()).append("\n\n");
        JsonNode st = r.path("settings");
        md.append("Settings: ").append(st.toString()).append("\n\n");
        if (r.has("aborted")) {
            md.append("**ABORTED**: ").append(r.path("aborted").asText())
                    .append(" — the figures below are what was measured before.\n\n");
        }
        targets(r, md);
        wrongAnswers(r, md);

        warmUp(r.path("warmUp"), md);
        JsonNode su = r.path("startup");
        md.append("## Start-up (JVM)\n\n| run | ready (spawn → /q/health/ready 200) | Quarkus \"started in\" "
                + "| idle RSS |\n|---|---|---|---|\n");
        int i = 1;
        for (JsonNode s : su.path("jvm")) {
            md.append(String.format(Locale.ROOT, "| %d | %.0f ms | %.0f ms | %.1f MiB |%n", i++, s.path("readyMs")
                    .asDouble(), s.path("quarkusStartedMs").asDouble(), s.path("idleRssMiB").asDouble()));
        }
        md.append("\nNative: ").append(su.path("native").asText()).append("\n\n");

        md.append("## IdP day (bridge vs the same Ivanti calls sent directly)\n\n");
        md.append("Latencies in ms. Overhead = bridge − direct at the same percentile; ratio = bridge p50 / direct "
                + "p50. "
                + "CPU ms/op: the process's user + system CPU over the bridge's phase (not the direct run) / ops; "
                + "split by thread kind from /proc/<pid>/task (request = event loops + workers, JIT = C1/C2 compiler "
                + "threads, GC+VM, audit = audit writer + H2, other = the rest and threads that ended), adding up to "
                + "the bridge's figure; the emulator's and the driver's (the bench's own JVM: load threads, HTTP "
                + "client, samplers) are over the same phase; RSS is the bridge process's.\n\n");
        md.append("| emu latency | conc | phase | ops | ops/s | p50 | p95 | p99 | errors | Ivanti calls/op (direct) | "
                + "overhead p50 | overhead p99 | ratio p50 | bridge CPU ms/op | of which JIT | "
                + "request / GC+VM / audit / other | emulator CPU ms/op | driver CPU ms/op | bridge peak RSS MiB |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (JsonNode run : r.path("runs")) {
            for (JsonNode p : run.path("phases")) {
                JsonNode b = p.path("bridge");
                JsonNode o = p.path("overhead");
                boolean hasDirect = !p.path("direct").isNull() && !p.path("direct").isMissingNode();
                md.append(String.format(Locale.ROOT,
                        "| %d | %d | %s | %d | %.1f | %.2f | %.2f | %.2f | %s | %.2f (%s) | %s | %s | %s | %.3f | %s "
                                + "| %s | %.3f | %.3f | %.0f |%n",
                        run.path("latencyMs").asInt(), run.path("concurrency").asInt(), p.path("phase").asText(),
                        b.path("ops").asInt(), b.path("opsPerSecond").asDouble(), b.path("p50Ms").asDouble(),
                        b.path("p95Ms").asDouble(), b.path("p99Ms").asDouble(), errors(b.path("errors").asInt()),
                        p.path("ivantiCallsPerOp").asDouble(),
                        hasDirect ? String.format(Locale.ROOT, "%.2f", p.path("directIvantiCallsPerOp").asDouble())
                                : "–",
                        hasDirect ? fmt(o.path("p50Ms")) : "–", hasDirect ? fmt(o.path("p99Ms")) : "–",
                        hasDirect ? fmt(o.path("ratioP50")) : "–", p.path("bridgeCpuMsPerOp").asDouble(),
                        jitCell(p), restCell(p.path("bridgeCpuSplitMsPerOp")), p.path("emulatorCpuMsPerOp").asDouble(),
                        p.path("driverCpuMsPerOp").asDouble(), p.path("bridgePeakRssMiB").asDouble()));
            }
        }
        md.append("\n### Scheduling per op (bench/README.md, \"Where c=1 latency goes\")\n\n"
                + "Over the bridge's phase, per op, summed over each process's threads (/proc/<pid>/task/<tid>/"
                + "schedstat): ms on a CPU, ms runnable but waiting for a CPU, and the times a thread was put on a CPU "
                + "(each wake-up or preemption).\n\n| emu latency | conc | phase | p50 | bridge on CPU / waiting ms "
                + "| bridge slices | emulator on CPU / waiting ms | emulator slices | driver on CPU / waiting ms "
                + "| driver slices |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (JsonNode run : r.path("runs")) {
            for (JsonNode p : run.path("phases")) {
                JsonNode sc = p.path("schedPerOp");
                if (sc.isMissingNode()) {
                    continue;
                }
                md.append(String.format(Locale.ROOT, "| %d | %d | %s | %.2f |%s%s%s%n", run.path("latencyMs").asInt(),
                        run.path("concurrency").asInt(), p.path("phase").asText(),
                        p.path("bridge").path("p50Ms").asDouble(), schedCells(sc.path("bridge")),
                        schedCells(sc.path("emulator")), schedCells(sc.path("driver"))));
            }
        }
        JsonNode after = r.path("afterDay");
        if (!after.isMissingNode()) {
            md.append(String.format(Locale.ROOT, "%nBridge after the IdP day: RSS %.1f MiB, CPU %.1f s since spawn.%n",
                    after.path("rssMiB").asDouble(), after.path("cpuSeconds").asDouble()));
        }
        md.append("\n## Import at scale (SCIM paging, pages one after another)\n\n");
        md.append("RSS flat: the bridge's RSS after each page against its RSS after the first 10 % of the pages "
                + "(bench/README.md).\n\n");
        md.append("| users | page | emu latency | seconds | users/s | page p50 / p99 ms | Ivanti page ms (direct) | "
                + "expected s | ratio | Ivanti calls | errors | bridge CPU s | bridge / emulator CPU ms/page | "
                + "RSS idle → peak → after MiB | RSS flat: ref → max (rise / drop) |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (JsonNode m : r.path("import")) {
            JsonNode f = m.path("rssFlat");
            md.append(String.format(Locale.ROOT,
                    "| %d | %d | %d | %.1f | %.0f | %.1f / %.1f | %.1f | %.1f | %.2f | %d | %s | %.1f | %.2f / %.2f "
                            + "| %.0f → %.0f → %.0f | %.0f → %.0f MiB (+%.1f %% / −%.1f %%) |%n",
                    m.path("users").asInt(), m.path("pageSize").asInt(), m.path("latencyMs").asInt(),
                    m.path("seconds").asDouble(), m.path("usersPerSecond").asDouble(), m.path("pageP50Ms").asDouble(),
                    m.path("pageP99Ms").asDouble(), m.path("ivantiPageMsMean").asDouble(),
                    m.path("expectedSeconds").asDouble(), m.path("ratioToExpected").asDouble(),
                    m.path("ivantiCalls").asLong(), errors(m.path("errors").asInt()),
                    m.path("bridgeCpuSeconds").asDouble(), m.path("bridgeCpuMsPerPage").asDouble(),
                    m.path("emulatorCpuMsPerPage").asDouble(), m.path("bridgeIdleRssMiB").asDouble(),
                    m.path("bridgePeakRssMiB").asDouble(), m.path("bridgeRssAfterMiB").asDouble(),
                    f.path("referenceMiB").asDouble(), f.path("maxMiB").asDouble(),
                    f.path("maxRisePercent").asDouble(), f.path("maxDropPercent").asDouble()));
        }
        groups(r.path("groupsAtScale"), md);
        if (r.path("notes").size() > 0) {
            md.append("\n## Notes\n\n");
            r.path("notes").forEach(n -> md.append("- ").append(n.asText()).append('\n'));
        }
        JsonNode profiles = r.path("profiles");
        if (profiles.size() > 0) {
            md.append("\n## Profiles of the IdP day (JFR, bench.profile)\n");
            profiles.properties().forEach(e -> md.append("\n").append(e.getKey()).append(" (`")
                    .append(e.getValue().path("jfr").asText()).append("`):\n\n```\n")
                    .append(e.getValue().path("top").asText()).append("```\n"));
        }
        md.append("\nTotal wall time: ").append(r.path("totalSeconds").asDouble()).append(" s\n");
        return md.toString();
    }

    /** Targets of issues 7 and 14 (Targets.java): the first table, so a reader sees what is met before the detail. */
    private static void targets(JsonNode r, StringBuilder md) {
        int met = 0;
        for (JsonNode t : r.path("targets")) {
            met += t.path("met").asBoolean() ? 1 : 0;
        }
        md.append("## Targets (").append(met).append(" of ").append(r.path("targets").size())
                .append(" met)\n\nMeasured CPU is the bridge process's whole CPU (nothing subtracted); \"of which "
                        + "JIT\" is the part its C1/C2 compiler threads took in that phase (bench/README.md, \"CPU "
                        + "split\").\n\n| issue | target | goal | measured | of which JIT | met | detail |\n"
                        + "|---|---|---|---|---|---|---|\n");
        for (JsonNode t : r.path("targets")) {
            md.append("| ").append(t.path("issue").asText()).append(" | ").append(t.path("target").asText())
                    .append(" | ").append(t.path("goal").asText()).append(" | ").append(t.path("measured").asText())
                    .append(" | ").append(t.path("ofWhichJit").asText()).append(" | ")
                    .append(t.path("met").asBoolean() ? "yes" : "**no**").append(" | ")
                    .append(t.path("detail").asText()).append(" |\n");
        }
        md.append('\n');
    }

    /** Every wrong answer, where it happened, with samples: a run with any is not a valid measurement. */
    private static void wrongAnswers(JsonNode r, StringBuilder md) {
        if (r.path("wrongAnswers").size() == 0) {
            return;
        }
        md.append("## Wrong answers (the figures of these phases are not valid)\n\n");
        for (JsonNode w : r.path("wrongAnswers")) {
            md.append("- **").append(w.path("where").asText()).append("**: ").append(w.path("errors").asInt())
                    .append(" wrong");
            w.path("samples").forEach(x -> md.append("; `").append(x.asText().replace('`', '\'')).append('`'));
            md.append('\n');
        }
        md.append('\n');
    }

    private static void groups(JsonNode g, StringBuilder md) {
        if (!g.has("members")) {
            return;
        }
        JsonNode one = g.path("addOne");
        md.append("\n## Groups at scale (Okta Push Groups)\n\n")
                .append(String.format(Locale.ROOT, "- One PATCH adding %d members (Okta's body: one `add`, "
                        + "`path:\"members\"`, `{value, display}`) at %d ms emulator latency: %.1f s, answer %s, "
                        + "Ivanti calls %s, bridge CPU %.2f s (%.3f ms/member), emulator CPU %.2f s.%n",
                        g.path("members").asInt(), g.path("latencyMs").asInt(), g.path("pushSeconds").asDouble(),
                        g.path("pushAnswer").asText(), g.path("pushIvantiCalls"), g.path("pushBridgeCpuSeconds")
                                .asDouble(), g.path("pushBridgeCpuMsPerMember").asDouble(),
                        g.path("pushEmulatorCpuSeconds").asDouble()))
                .append(String.format(Locale.ROOT, "- Adding 1 member: to a %d-member group %s; to the %d-member "
                        + "group %s.%n", one.path("smallGroupMembers").asInt(), one.path("smallCalls"),
                        one.path("largeGroupMembers").asInt(), one.path("largeCalls")))
                .append("- Wrong answers: ").append(g.path("errors").asInt()).append('\n');
    }

    /** The warm-up rounds and why they stopped (bench/README.md, "Warm-up"). */
    private static void warmUp(JsonNode w, StringBuilder md) {
        if (w.isMissingNode()) {
            return;
        }
        md.append("## Warm-up (not measured)\n\nRule: ").append(w.path("rule").asText()).append(". Stopped: ")
                .append(w.path("stopped").asText()).append(", after ").append(w.path("seconds").asDouble())
                .append(" s.\n\n| round | users | seconds | bridge CPU s | ms/user | JIT share | request / JIT / "
                        + "GC+VM / audit / other s | emulator JIT share |\n|---|---|---|---|---|---|---|---|\n");
        for (JsonNode m : w.path("rounds")) {
            JsonNode s = m.path("bridgeCpuSplitSeconds");
            md.append(String.format(Locale.ROOT, "| %d | %d | %.1f | %.2f | %.2f | %.1f %% | %.2f / %.2f / %.2f / %.2f "
                    + "/ %.2f | %.1f %% |%n", m.path("round").asInt(), m.path("users").asInt(),
                    m.path("seconds").asDouble(), m.path("bridgeCpuSeconds").asDouble(),
                    m.path("bridgeCpuMsPerUser").asDouble(), m.path("bridgeJitSharePercent").asDouble(),
                    s.path("request").asDouble(), s.path("jit").asDouble(), s.path("gcVm").asDouble(),
                    s.path("audit").asDouble(), s.path("other").asDouble(),
                    m.path("emulatorJitSharePercent").asDouble()));
        }
        md.append('\n');
    }

    private static String jitCell(JsonNode p) {
        return p.has("bridgeJitSharePercent") ? String.format(Locale.ROOT, "%.3f (%.0f %%)",
                p.path("bridgeCpuSplitMsPerOp").path("jit").asDouble(), p.path("bridgeJitSharePercent").asDouble())
                : "–";
    }

    private static String restCell(JsonNode s) {
        return s.isMissingNode() ? "–" : String.format(Locale.ROOT, "%.3f / %.3f / %.3f / %.3f",
                s.path("request").asDouble(), s.path("gcVm").asDouble(), s.path("audit").asDouble(),
                s.path("other").asDouble());
    }

    private static String errors(int n) {
        return n == 0 ? "0" : "**" + n + "**";
    }

    private static String fmt(JsonNode n) {
        return n.isNull() || n.isMissingNode() ? "–" : String.format(Locale.ROOT, "%.2f", n.asDouble());
    }

    private static String schedCells(JsonNode s) {
        return String.format(Locale.ROOT, " %.3f / %.3f | %.1f |", s.path("runMs").asDouble(),
                s.path("waitMs").asDouble(), s.path("slices").asDouble());
    }
}
