package io.ivantiscim.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** Issue 7's targets, each with the measured figure and pass/fail. */
final class Targets {

    /** Ivanti calls per SCIM operation at the floors of issue 3 (and one per Ivanti page of 100 for imports). */
    static final Map<String, Double> FLOOR = Map.of("a-create", 2.0, "b-lookup", 1.0, "c-get", 1.0,
            "d-patch-entra", 2.0, "d-patch-okta", 2.0, "e-import-100", 1.0, "e-import-1000", 10.0, "g-delete", 2.0);

    private Targets() {
    }

    static List<Map<String, Object>> evaluate(Map<String, Object> result) {
        JsonNode r = Bench.JSON.valueToTree(result);
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonNode run : r.path("runs")) {
            int latency = run.path("latencyMs").asInt();
            int c = run.path("concurrency").asInt();
            for (JsonNode p : run.path("phases")) {
                String phase = p.path("phase").asText();
                double calls = p.path("ivantiCallsPerOp").asDouble();
                if (FLOOR.containsKey(phase) && latency == 0 && c == 8) {
                    double floor = FLOOR.get(phase);
                    // Import pages: the last page may be short, so a page can cost fewer calls than the floor.
                    add(out, "calls/op at floor: " + phase, "≤ " + floor, calls, calls <= floor + 1e-9);
                }
                if (latency == 0 && c == 8 && !p.path("overhead").isMissingNode() && !p.path("overhead").isNull()) {
                    double p50 = p.path("overhead").path("p50Ms").asDouble();
                    double p99 = p.path("overhead").path("p99Ms").asDouble();
                    add(out, "overhead p50 (0 ms, c=8): " + phase, "≤ 1 ms", p50, p50 <= 1.0);
                    add(out, "overhead p99 (0 ms, c=8): " + phase, "≤ 5 ms", p99, p99 <= 5.0);
                }
                if (latency > 0 && c == 32 && calls > 0 && !phase.startsWith("e-")) {
                    double ideal = 32 / (calls * latency / 1000.0);
                    double got = p.path("bridge").path("opsPerSecond").asDouble();
                    add(out, "throughput (" + latency + " ms, c=32): " + phase, "≥ 80% of " + Load.round(ideal)
                            + " ops/s", Load.round(got / ideal * 100) + "%", got >= 0.8 * ideal);
                }
            }
        }
        JsonNode startup = r.path("startup");
        double ready = startup.path("jvmReadyMsMedian").asDouble();
        add(out, "JVM ready (median of " + startup.path("jvm").size() + ")", "≤ 1500 ms", ready, ready <= 1500);
        for (JsonNode imp : r.path("import")) {
            double rss = imp.path("bridgeRssAfterMiB").asDouble();
            double peak = imp.path("bridgePeakRssMiB").asDouble();
            String what = imp.path("users").asInt() + "-user import, pages of " + imp.path("pageSize").asInt() + ", "
                    + imp.path("latencyMs").asInt() + " ms";
            add(out, "RSS after " + what, "≤ 200 MiB (peak " + Load.round(peak) + ")", rss, rss <= 200);
            double ratio = imp.path("ratioToExpected").asDouble();
            add(out, "import time vs pages × Ivanti page time: " + what, "close to 1 (≤ 1.25)", ratio,
                    ratio <= 1.25);
        }
        return out;
    }

    private static void add(List<Map<String, Object>> out, String target, String goal, Object measured,
            boolean met) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", target);
        m.put("goal", goal);
        m.put("measured", measured);
        m.put("met", met);
        out.add(m);
    }
}
