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
        JsonNode st = r.path("settings");
        md.append("Settings: ").append(st.toString()).append("\n\n");

        JsonNode su = r.path("startup");
        md.append("## Start-up (JVM)\n\n| run | ready (spawn → /q/health/ready 200) | Quarkus \"started in\" | idle RSS |\n"
                + "|---|---|---|---|\n");
        int i = 1;
        for (JsonNode s : su.path("jvm")) {
            md.append(String.format(Locale.ROOT, "| %d | %.0f ms | %.0f ms | %.1f MiB |%n", i++, s.path("readyMs")
                    .asDouble(), s.path("quarkusStartedMs").asDouble(), s.path("idleRssMiB").asDouble()));
        }
        md.append("\nNative: ").append(su.path("native").asText()).append("\n\n");

        md.append("## IdP day (bridge vs the same Ivanti calls sent directly)\n\n");
        md.append("Latencies in ms. Overhead = bridge − direct at the same percentile; ratio = bridge p50 / direct p50. "
                + "CPU and RSS are the bridge process's.\n\n");
        md.append("| emu latency | conc | phase | ops | ops/s | p50 | p95 | p99 | errors | Ivanti calls/op (direct) | "
                + "overhead p50 | overhead p99 | ratio p50 | bridge CPU ms/op | bridge peak RSS MiB |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (JsonNode run : r.path("runs")) {
            for (JsonNode p : run.path("phases")) {
                JsonNode b = p.path("bridge");
                JsonNode o = p.path("overhead");
                boolean hasDirect = !p.path("direct").isNull() && !p.path("direct").isMissingNode();
                md.append(String.format(Locale.ROOT,
                        "| %d | %d | %s | %d | %.1f | %.2f | %.2f | %.2f | %d | %.2f (%s) | %s | %s | %s | %.2f | %.0f |%n",
                        run.path("latencyMs").asInt(), run.path("concurrency").asInt(), p.path("phase").asText(),
                        b.path("ops").asInt(), b.path("opsPerSecond").asDouble(), b.path("p50Ms").asDouble(),
                        b.path("p95Ms").asDouble(), b.path("p99Ms").asDouble(), b.path("errors").asInt(),
                        p.path("ivantiCallsPerOp").asDouble(),
                        hasDirect ? String.format(Locale.ROOT, "%.2f", p.path("directIvantiCallsPerOp").asDouble())
                                : "–",
                        hasDirect ? fmt(o.path("p50Ms")) : "–", hasDirect ? fmt(o.path("p99Ms")) : "–",
                        hasDirect ? fmt(o.path("ratioP50")) : "–", p.path("bridgeCpuMsPerOp").asDouble(),
                        p.path("bridgePeakRssMiB").asDouble()));
            }
        }
        md.append("\n## Import at scale (SCIM paging, pages one after another)\n\n");
        md.append("| users | page | emu latency | seconds | users/s | page p50 / p99 ms | Ivanti page ms (direct) | "
                + "expected s | ratio | Ivanti calls | errors | bridge CPU s | RSS idle → peak → after MiB |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (JsonNode m : r.path("import")) {
            md.append(String.format(Locale.ROOT,
                    "| %d | %d | %d | %.1f | %.0f | %.1f / %.1f | %.1f | %.1f | %.2f | %d | %d | %.1f | %.0f → %.0f → %.0f |%n",
                    m.path("users").asInt(), m.path("pageSize").asInt(), m.path("latencyMs").asInt(),
                    m.path("seconds").asDouble(), m.path("usersPerSecond").asDouble(), m.path("pageP50Ms").asDouble(),
                    m.path("pageP99Ms").asDouble(), m.path("ivantiPageMsMean").asDouble(),
                    m.path("expectedSeconds").asDouble(), m.path("ratioToExpected").asDouble(),
                    m.path("ivantiCalls").asLong(), m.path("errors").asInt(), m.path("bridgeCpuSeconds").asDouble(),
                    m.path("bridgeIdleRssMiB").asDouble(), m.path("bridgePeakRssMiB").asDouble(),
                    m.path("bridgeRssAfterMiB").asDouble()));
        }
        md.append("\n## Targets (issue 7)\n\n| target | goal | measured | met |\n|---|---|---|---|\n");
        for (JsonNode t : r.path("targets")) {
            md.append("| ").append(t.path("target").asText()).append(" | ").append(t.path("goal").asText())
                    .append(" | ").append(t.path("measured").asText()).append(" | ")
                    .append(t.path("met").asBoolean() ? "yes" : "**no**").append(" |\n");
        }
        if (r.path("notes").size() > 0) {
            md.append("\n## Notes\n\n");
            r.path("notes").forEach(n -> md.append("- ").append(n.asText()).append('\n'));
        }
        md.append("\nTotal wall time: ").append(r.path("totalSeconds").asDouble()).append(" s\n");
        return md.toString();
    }

    private static String fmt(JsonNode n) {
        return n.isNull() || n.isMissingNode() ? "–" : String.format(Locale.ROOT, "%.2f", n.asDouble());
    }
}
