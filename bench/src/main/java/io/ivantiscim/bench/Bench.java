package io.ivantiscim.bench;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code make bench}: starts the Ivanti emulator and the bridge as their own processes from the packaged jar, plays
 * an IdP's day against the bridge and the same Ivanti calls straight against the emulator, and writes
 * {@code bench/results/<date>-<label>.json} and {@code .md}. Settings are system properties ({@code -Dbench.*}, see
 * {@link Settings}); the Makefile maps {@code BENCH_*} variables onto them. Exits 1 when any answer was wrong.
 */
public final class Bench {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** The Okta push of a large group is one request; Okta gives up after 60 s, the bench waits longer to measure. */
    static final Duration PUSH_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration HOOK_TIMEOUT = Duration.ofSeconds(60);
    /** The small group of the O(1) comparison: members before the one added. */
    static final int SMALL_GROUP = 10;

    /** Every knob, with the default run's values; {@code bench.quick=true} shrinks the counts. */
    record Settings(String jar, String java, String label, Path out, int users, int usersAtC1, int seed,
            List<Integer> concurrency, List<Integer> latencies, int usersPerWorkerWithLatency, int warmUpUsers,
            double warmUpJitShare, int warmUpMaxRounds, int warmUpMaxSeconds, int importUsers,
            List<Integer> importLatencies, int startups, int groupMembers, int groupLatency,
            List<String> bridgeJvm, List<String> emulatorJvm, Path profile, int emulatorPort, int bridgePort,
            boolean quick) {

        static Settings fromSystemProperties() {
            boolean quick = Boolean.parseBoolean(p("bench.quick", "false"));
            String profile = p("bench.profile", "");
            return new Settings(p("bench.jar", "target/quarkus-app/quarkus-run.jar"), p("bench.java",
                    Proc.defaultJava()), p("bench.label", quick ? "quick" : "default"),
                    Path.of(p("bench.out", "bench/results")),
                    Integer.parseInt(p("bench.users", quick ? "400" : "2000")),
                    Integer.parseInt(p("bench.users-c1", quick ? "150" : "500")),
                    Integer.parseInt(p("bench.seed", quick ? "300" : "1000")), ints(p("bench.concurrency", "1,8,32")),
                    ints(p("bench.latencies", "0,50")),
                    Integer.parseInt(p("bench.users-per-worker", quick ? "20" : "40")),
                    Integer.parseInt(p("bench.warm-up-users", quick ? "150" : "500")),
                    Double.parseDouble(p("bench.warm-up-jit-share", "5")),
                    Integer.parseInt(p("bench.warm-up-max-rounds", quick ? "4" : "12")),
                    Integer.parseInt(p("bench.warm-up-max-seconds", quick ? "120" : "300")),
                    Integer.parseInt(p("bench.import-users", quick ? "10000" : "100000")),
                    ints(p("bench.import-latencies", quick ? "0" : "0,50")),
                    Integer.parseInt(p("bench.startups", quick ? "1" : "3")),
                    Integer.parseInt(p("bench.group-members", "2000")),
                    Integer.parseInt(p("bench.group-latency", "50")), Proc.words(p("bench.bridge-jvm", "")),
                    Proc.words(p("bench.emulator-jvm", "")), profile.isEmpty() ? null : Path.of(profile),
                    Integer.parseInt(p("bench.emulator-port", "19090")),
                    Integer.parseInt(p("bench.bridge-port", "18080")), quick);
        }

        private static String p(String key, String def) {
            String v = System.getProperty(key);
            return v == null || v.isBlank() ? def : v.trim();
        }

        private static List<Integer> ints(String csv) {
            return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf)
                    .toList();
        }

    }

    private final Settings s;
    private final Http http;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "direct-page");
        t.setDaemon(true);
        return t;
    });
    private final String token = "bench-" + UUID.randomUUID();
    private final String emulatorUrl;
    private final String tenantUrl;
    private final Path logs;
    /** The bridge's H2 store of this run: a temporary directory, removed at the end (never ./data of the tree). */
    private Path store;
    private Proc emulator;
    private Proc bridge;
    private Scim scim;
    private Ivanti direct;
    private final Map<String, Object> result = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    /** JFR files of the processes whose profile is printed at the end (bench.profile), by role. */
    private final Map<String, Path> profiles = new LinkedHashMap<>();

    Bench(Settings s) {
        this.s = s;
        this.emulatorUrl = "http://127.0.0.1:" + s.emulatorPort() + "/emulator";
        this.tenantUrl = emulatorUrl;
        this.logs = s.out().resolve("logs");
        // A connection per load thread at the highest concurrency, plus the direct import's page threads and hooks.
        this.http = new Http(2 * s.concurrency().stream().max(Integer::compare).orElse(1) + 16);
    }

    public static void main(String[] args) throws Exception {
        Settings s = Settings.fromSystemProperties();
        Bench b = new Bench(s);
        Exception failure = null;
        try {
            b.run();
        } catch (Exception e) {
            failure = e;
        } finally {
            b.stopAll();
            b.removeStore();
        }
        // The children wrote their JFR files on exit: only now can they be read.
        b.profileTops();
        int wrong = b.write(failure);
        if (failure != null) {
            log("ABORTED: " + failure + " (what was measured before is in the result)");
            failure.printStackTrace();
        } else if (wrong > 0) {
            log("WRONG ANSWERS: " + wrong + " (see \"Wrong answers\" in the result); the figures above are not valid");
        }
        System.exit(failure != null ? 2 : wrong > 0 ? 1 : 0);
    }

    void run() throws Exception {
        long t0 = System.nanoTime();
        result.put("label", s.label());
        result.put("started", OffsetDateTime.now().toString());
        result.put("host", host());
        result.put("settings", settingsMap());
        log("children run on " + s.java() + ": " + Proc.version(s.java()));
        store = Files.createTempDirectory("bench-bridge-store-");
        log("bridge store: " + store + " (removed at the end)");
        log("emulator: starting with " + s.seed() + " generated employees on :" + s.emulatorPort());
        startEmulator(s.seed(), "day");
        direct = new Ivanti(http, tenantUrl, "demo-ivanti-key");

        // Start-up to ready and idle RSS: the bridge is started s.startups() times; the last one stays up.
        List<Map<String, Object>> starts = new ArrayList<>();
        for (int i = 0; i < s.startups(); i++) {
            startBridge(i == s.startups() - 1 ? "day" : "start" + (i + 1));
            Thread.sleep(2000);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("readyMs", Load.round(bridge.readyMs));
            m.put("quarkusStartedMs", bridge.quarkusStartedMs());
            m.put("idleRssMiB", Load.round(bridge.statusMiB("VmRSS")));
            m.put("cpuSecondsToIdle", bridge.cpuSeconds());
            starts.add(m);
            log("bridge start " + (i + 1) + ": " + m);
            if (i < s.startups() - 1) {
                bridge.close();
            }
        }
        Map<String, Object> startup = new LinkedHashMap<>();
        startup.put("jvm", starts);
        startup.put("jvmReadyMsMedian", median(starts, "readyMs"));
        startup.put("jvmIdleRssMiBMedian", median(starts, "idleRssMiB"));
        startup.put("native", "not measured: no native executable (GraalVM/Mandrel and a container engine are missing "
                + "on this machine, docs/build-notes.md)");
        result.put("startup", startup);

        scim = new Scim(http, "http://127.0.0.1:" + s.bridgePort() + "/scim/v2", token);
        boolean groups = scim.groupsAvailable();
        if (!groups) {
            notes.add("Phase (f) groups skipped: /scim/v2/ResourceTypes has no Group resource type in this build "
                    + "(not available yet).");
            log("phase f: groups not available (/ResourceTypes lacks Group) - skipped");
        }

        warmUp(groups);

        List<Map<String, Object>> runs = new ArrayList<>();
        for (int latency : s.latencies()) {
            faults(latency);
            for (int c : s.concurrency()) {
                int n = latency > 0 ? Math.min(s.users(), s.usersPerWorkerWithLatency() * c)
                        : c == 1 ? Math.min(s.users(), s.usersAtC1()) : s.users();
                runs.add(day(latency, c, n, groups));
            }
        }
        faults(0);
        result.put("runs", runs);
        Map<String, Object> afterDay = new LinkedHashMap<>();
        afterDay.put("rssMiB", Load.round(bridge.statusMiB("VmRSS")));
        afterDay.put("peakRssMiB", Load.round(bridge.statusMiB("VmHWM")));
        afterDay.put("cpuSeconds", Load.round(bridge.cpuSeconds()));
        result.put("afterDay", afterDay);
        log("after the IdP day: bridge " + afterDay);

        result.put("import", scale());
        if (groups && s.groupMembers() > 0) {
            result.put("groupsAtScale", groupsAtScale());
        } else if (s.groupMembers() > 0) {
            notes.add("Groups at scale skipped: no Group resource type.");
        }
        result.put("endLoadAverage", loadAverage());
        result.put("totalSeconds", Load.round((System.nanoTime() - t0) / 1e9));
    }

    /**
     * Evaluates the targets and writes the .json and .md, also after a failure (then with what was measured up to
     * it); answers the number of wrong answers seen.
     */
    int write(Exception failure) throws Exception {
        if (failure != null) {
            result.put("aborted", failure.toString());
            result.putIfAbsent("endLoadAverage", loadAverage());
        }
        result.put("targets", Targets.evaluate(result));
        List<Map<String, Object>> wrong = wrongAnswers();
        result.put("wrongAnswers", wrong);
        result.put("notes", notes);
        Files.createDirectories(s.out());
        String date = LocalDate.now().toString();
        Path json = s.out().resolve(date + "-" + s.label() + ".json");
        Path md = s.out().resolve(date + "-" + s.label() + ".md");
        Files.writeString(json, JSON.writeValueAsString(result) + "\n");
        String markdown = Report.markdown(JSON.valueToTree(result));
        Files.writeString(md, markdown);
        System.out.println(markdown);
        log("wrote " + json + " and " + md);
        return wrong.stream().mapToInt(w -> ((Number) w.get("errors")).intValue()).sum();
    }

    // ------------------------------------------------------------------ the IdP's day

    /** Phases (a)–(g) at one latency and concurrency, each followed by its direct-Ivanti baseline. */
    private Map<String, Object> day(int latency, int c, int n, boolean groups) throws Exception {
        log(String.format(Locale.ROOT, "run: latency %d ms, concurrency %d, %d users", latency, c, n));
        String tag = "l" + latency + "c" + c + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        String[] logins = new String[n];
        String[] directLogins = new String[n];
        for (int i = 0; i < n; i++) {
            logins[i] = "bench." + tag + "." + i + "@example.test";
            directLogins[i] = "direct." + tag + "." + i + "@example.test";
        }
        AtomicReferenceArray<String> ids = new AtomicReferenceArray<>(n);
        AtomicReferenceArray<String> directIds = new AtomicReferenceArray<>(n);
        AtomicReferenceArray<ObjectNode> fetched = new AtomicReferenceArray<>(n);
        List<Map<String, Object>> phases = new ArrayList<>();

        phases.add(phase("a-create", n, c, i -> {
            ids.set(i, scim.create(logins[i], Scim.oktaUser(logins[i], i)));
            return null;
        }, i -> {
            directIds.set(i, direct.create(Scim.oktaUser(directLogins[i], i)));
            return null;
        }));
        phases.add(phase("b-lookup", n, c, i -> ids.get(i) == null ? "no user" : scim.lookup(mixedCase(logins[i], i),
                ids.get(i)), i -> directIds.get(i) == null ? "no user"
                        : direct.lookup(mixedCase(directLogins[i], i), directIds.get(i))));
        // The GET answers are what Okta's PUT echoes (docs/idp-contracts.md §2 item 11).
        phases.add(phase("c-get", n, c, i -> {
            if (ids.get(i) == null) {
                return "no user";
            }
            fetched.set(i, scim.fetch(ids.get(i), logins[i]));
            return null;
        }, i -> directIds.get(i) == null ? "no user" : direct.getById(directIds.get(i))));
        phases.add(phase("d-put-okta", n, c, i -> fetched.get(i) == null ? "no user"
                : scim.replace(ids.get(i), Scim.oktaReplace(fetched.get(i), "Grace" + i), "Grace" + i),
                i -> directIds.get(i) == null ? "no user"
                        : direct.replace(directIds.get(i), directPut(directLogins[i], i))));
        int half = n / 2;
        phases.add(phase("d-patch-entra", half, c, i -> ids.get(i) == null ? "no user"
                : scim.deactivate(ids.get(i), Scim.ENTRA_DISABLE),
                i -> directIds.get(i) == null ? "no user" : direct.deactivate(directIds.get(i))));
        phases.add(phase("d-patch-okta", n - half, c, i -> ids.get(half + i) == null ? "no user"
                : scim.deactivate(ids.get(half + i), Scim.OKTA_DISABLE),
                i -> directIds.get(half + i) == null ? "no user" : direct.deactivate(directIds.get(half + i))));
        for (int size : List.of(100, 1000)) {
            phases.add(importPhase("e-import-" + size, size, c));
        }
        if (groups) {
            phases.addAll(groupPhases(tag, c, n, ids, logins));
        }
        Map<String, Object> delete = phase("g-delete", n, c, i -> ids.get(i) == null ? "no user"
                : scim.delete(ids.get(i)), i -> directIds.get(i) == null ? "no user"
                        : direct.softDelete(directIds.get(i)));
        phases.add(delete);
        // Deleted users must be gone: a sample, outside the timed phase; one that still answers is a wrong answer.
        int sample = Math.min(n, 20);
        for (int i = 0; i < sample; i++) {
            int status = ids.get(i) == null ? 404 : scim.status("/Users/" + ids.get(i));
            if (status != 404) {
                addError(delete, "deleted user " + ids.get(i) + " answers " + status + ", not 404");
            }
        }

        Map<String, Object> run = new LinkedHashMap<>();
        run.put("latencyMs", latency);
        run.put("concurrency", c);
        run.put("users", n);
        run.put("phases", phases);
        return run;
    }

    /** The direct side's PUT body: the same user as created, the new first name, no password (GET never shows it). */
    private static String directPut(String login, int i) throws Exception {
        ObjectNode u = (ObjectNode) JSON.readTree(Scim.oktaUser(login, i));
        u.remove("password");
        return Scim.oktaReplace(u, "Grace" + i);
    }

    /** Import every visible user in SCIM pages of {@code size}: ids unique, count equal to totalResults. */
    private Map<String, Object> importPhase(String name, int size, int c) throws Exception {
        int total = scim.total();
        int pages = (total + size - 1) / size;
        Set<String> seen = ConcurrentHashMap.newKeySet();
        int ivantiPageSize = 100;
        Map<String, Object> m = phase(name, pages, c, i -> {
            List<String> page = scim.page(1 + i * size, size, total);
            seen.addAll(page);
            return null;
        }, i -> {
            // The same Ivanti pages the bridge reads for this SCIM page, fetched concurrently as the bridge does.
            int skip = i * size;
            int end = Math.min(total, skip + size);
            List<CompletableFuture<Integer>> parts = new ArrayList<>();
            for (int k = skip; k < end; k += ivantiPageSize) {
                int top = Math.min(ivantiPageSize, end - k);
                int from = k;
                parts.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return direct.importPage(top, from).size();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            int rows = 0;
            for (CompletableFuture<Integer> p : parts) {
                rows += p.join();
            }
            return rows == end - skip ? null : "direct page " + i + ": " + rows + " rows, expected " + (end - skip);
        });
        m.put("totalResults", total);
        m.put("distinctIds", seen.size());
        if (seen.size() != total) {
            addError(m, "the import saw " + seen.size() + " distinct ids for totalResults " + total);
        }
        return m;
    }

    /** (f): groups created, then members added in batches of 100 per PATCH (Okta's body). No direct baseline yet. */
    private List<Map<String, Object>> groupPhases(String tag, int c, int n, AtomicReferenceArray<String> ids,
            String[] logins) throws Exception {
        int batches = (n + 99) / 100;
        int groupCount = Math.max(1, Math.min(batches, c));
        AtomicReferenceArray<String> groupIds = new AtomicReferenceArray<>(groupCount);
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(phase("f-group-create", groupCount, c, i -> {
            groupIds.set(i, scim.createGroup("bench-" + tag + "-" + i));
            return null;
        }, null));
        Map<String, Object> add = phase("f-group-add-100", batches, c, i -> {
            if (groupIds.get(i % groupCount) == null) {
                return "no group";
            }
            List<Scim.Member> batch = new ArrayList<>();
            for (int k = i * 100; k < Math.min(n, (i + 1) * 100); k++) {
                batch.add(new Scim.Member(ids.get(k), logins[k]));
            }
            return scim.addMembers(groupIds.get(i % groupCount), batch);
        }, null);
        add.put("membersChanged", n);
        add.put("bridgeCpuMsPerMember", Load.round(((Number) add.get("bridgeCpuSeconds")).doubleValue() * 1000
                / Math.max(1, n)));
        out.add(add);
        for (int g = 0; g < groupCount; g++) {
            int expected = 0;
            for (int i = g; i < batches; i += groupCount) {
                expected += Math.min(n, (i + 1) * 100) - i * 100;
            }
            int actual = groupIds.get(g) == null ? -1 : scim.memberCount(groupIds.get(g));
            if (expected != actual) {
                addError(add, "group " + groupIds.get(g) + ": " + actual + " members read back, " + expected
                        + " added");
            }
        }
        return out;
    }

    /**
     * One measured phase: the bridge's run with its Ivanti call count, CPU and peak RSS, then (when given) the same
     * Ivanti calls straight to the emulator, and the overhead as bridge − direct per percentile.
     */
    private Map<String, Object> phase(String name, int n, int c, Load.Op scimOp, Load.Op directOp) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("phase", name);
        resetCounters();
        bridge.resetPeakRss();
        double emuCpu0 = emulator.cpuSeconds();
        double driverCpu0 = Proc.driverCpuSeconds();
        Map<Long, long[]> bridgeSched0 = bridge.sched();
        Map<Long, long[]> emuSched0 = emulator.sched();
        Map<Long, long[]> driverSched0 = Proc.driverSched();
        Load.Stats b;
        double rssPeak;
        Map<String, Double> split;
        try (Proc.RssSampler rss = bridge.new RssSampler(); Proc.CpuSampler threads = bridge.new CpuSampler()) {
            b = Load.run(n, c, scimOp);
            split = threads.stop();
            rss.stop();
            rssPeak = Math.max(rss.maxMiB(), bridge.statusMiB("VmHWM"));
        }
        double driverCpu = Proc.driverCpuSeconds() - driverCpu0;
        Map<String, Object> sched = new LinkedHashMap<>();
        sched.put("bridge", schedPerOp(Proc.schedDelta(bridgeSched0, bridge.sched()), n));
        sched.put("emulator", schedPerOp(Proc.schedDelta(emuSched0, emulator.sched()), n));
        sched.put("driver", schedPerOp(Proc.schedDelta(driverSched0, Proc.driverSched()), n));
        double cpu = split.get("total");
        double emuCpu = emulator.cpuSeconds() - emuCpu0;
        Map<String, Long> calls = counters();
        m.put("bridge", b.toMap());
        m.put("ivantiCallsPerOp", Load.round(calls.getOrDefault("total", 0L) / (double) Math.max(1, n)));
        m.put("ivantiCalls", calls);
        m.put("bridgeCpuSeconds", Load.round(cpu));
        m.put("bridgeCpuMsPerOp", Load.round(cpu * 1000 / Math.max(1, n)));
        putSplit(m, split, n);
        m.put("bridgePeakRssMiB", Load.round(rssPeak));
        m.put("emulatorCpuSeconds", Load.round(emuCpu));
        m.put("emulatorCpuMsPerOp", Load.round(emuCpu * 1000 / Math.max(1, n)));
        m.put("driverCpuSeconds", Load.round(driverCpu));
        m.put("driverCpuMsPerOp", Load.round(driverCpu * 1000 / Math.max(1, n)));
        m.put("schedPerOp", sched);
        if (directOp != null) {
            resetCounters();
            double directDriverCpu0 = Proc.driverCpuSeconds();
            Load.Stats d = Load.run(n, c, directOp);
            m.put("directDriverCpuMsPerOp",
                    Load.round((Proc.driverCpuSeconds() - directDriverCpu0) * 1000 / Math.max(1, n)));
            Map<String, Long> dcalls = counters();
            m.put("direct", d.toMap());
            m.put("directIvantiCallsPerOp", Load.round(dcalls.getOrDefault("total", 0L) / (double) Math.max(1, n)));
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("p50Ms", Load.round(b.p50() - d.p50()));
            o.put("p95Ms", Load.round(b.p95() - d.p95()));
            o.put("p99Ms", Load.round(b.p99() - d.p99()));
            o.put("meanMs", Load.round(b.mean() - d.mean()));
            o.put("ratioP50", d.p50() > 0 ? Load.round(b.p50() / d.p50()) : null);
            o.put("ratioP99", d.p99() > 0 ? Load.round(b.p99() / d.p99()) : null);
            m.put("overhead", o);
        } else {
            m.put("direct", null);
        }
        log(String.format(Locale.ROOT, "  %-16s n=%-5d c=%-2d %8.1f ops/s p50 %7.2f p99 %7.2f ms err %d calls/op %.2f "
                + "cpu/op %.3f (JIT %.0f %%; emu %.3f; driver %.3f) ms%s", name, n, c, b.opsPerSecond(), b.p50(),
                b.p99(), b.errors(), calls.getOrDefault("total", 0L) / (double) Math.max(1, n),
                cpu * 1000 / Math.max(1, n), jitShare(split), emuCpu * 1000 / Math.max(1, n),
                driverCpu * 1000 / Math.max(1, n),
                directOp == null ? "" : String.format(Locale.ROOT, " | overhead p50 %.2f p99 %.2f ms",
                        ((Map<?, ?>) m.get("overhead")).get("p50Ms"), ((Map<?, ?>) m.get("overhead")).get("p99Ms"))));
        for (String e : b.errorSamples()) {
            log("    WRONG " + name + ": " + e);
        }
        return m;
    }

    /**
     * A process's scheduling over a phase per op (bench/README.md, "Where c=1 latency goes"): ms on a CPU, ms waiting
     * for one, and the times its threads were put on a CPU.
     */
    private static Map<String, Object> schedPerOp(Proc.Sched d, int n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runMs", Load.round(d.runNanos() / 1e6 / Math.max(1, n)));
        m.put("waitMs", Load.round(d.waitNanos() / 1e6 / Math.max(1, n)));
        m.put("slices", Load.round(d.slices() / (double) Math.max(1, n)));
        return m;
    }

    /**
     * The bridge's CPU of a phase by thread kind (Proc.KINDS), in seconds and ms per op, and the JIT's share of it in
     * %: the kinds add up to {@code bridgeCpuSeconds} (the target's figure, nothing subtracted).
     */
    static void putSplit(Map<String, Object> m, Map<String, Double> split, int n) {
        Map<String, Object> seconds = new LinkedHashMap<>();
        Map<String, Object> perOp = new LinkedHashMap<>();
        split.forEach((k, v) -> {
            if (!k.equals("total")) {
                seconds.put(k, Load.round(v));
                perOp.put(k, Load.round(v * 1000 / Math.max(1, n)));
            }
        });
        m.put("bridgeCpuSplitSeconds", seconds);
        m.put("bridgeCpuSplitMsPerOp", perOp);
        m.put("bridgeJitSharePercent", Load.round(jitShare(split)));
    }

    /** The JIT compiler threads' share of a split's total, in %. */
    static double jitShare(Map<String, Double> split) {
        double total = split.get("total");
        return total > 0 ? split.get("jit") / total * 100 : 0;
    }

    /** A wrong answer found after a phase (a read-back): counted as that phase's error, with a sample. */
    @SuppressWarnings("unchecked")
    private static void addError(Map<String, Object> phase, String sample) {
        Map<String, Object> stats = (Map<String, Object>) phase.get("bridge");
        stats.put("errors", ((Number) stats.get("errors")).intValue() + 1);
        List<String> samples = new ArrayList<>((List<String>) stats.getOrDefault("errorSamples", List.of()));
        if (samples.size() < 10) {
            samples.add(sample);
        }
        stats.put("errorSamples", samples);
        log("    WRONG " + phase.get("phase") + ": " + sample);
    }

    /**
     * Warm-up of both sides (not part of the measured figures): rounds of {@code bench.warm-up-users} users through
     * the measured phases' operations at c=8, 0 ms, until the JIT is quiet — the bridge's compiler threads took less
     * than {@code bench.warm-up-jit-share} % of its CPU in the last round — or a cap
     * ({@code bench.warm-up-max-rounds}, {@code bench.warm-up-max-seconds}) is reached. Each round's CPU and split
     * are recorded (bench/README.md, "Warm-up").
     */
    private void warmUp(boolean groups) throws Exception {
        int n = s.warmUpUsers();
        log(String.format(Locale.ROOT, "warm-up: rounds of %d users until the bridge's JIT threads take < %.1f %% of "
                + "its CPU in a round (at most %d rounds / %d s)", n, s.warmUpJitShare(), s.warmUpMaxRounds(),
                s.warmUpMaxSeconds()));
        List<Map<String, Object>> rounds = new ArrayList<>();
        long t0 = System.nanoTime();
        String stopped = null;
        boolean quiet = false;
        int errors = 0;
        List<String> samples = new ArrayList<>();
        for (int round = 1; stopped == null; round++) {
            long r0 = System.nanoTime();
            Load.Stats users;
            Map<String, Double> split;
            Map<String, Double> emuSplit;
            try (Proc.CpuSampler b0 = bridge.new CpuSampler(); Proc.CpuSampler e0 = emulator.new CpuSampler()) {
                users = warmUpRound(groups, n, round);
                split = b0.stop();
                emuSplit = e0.stop();
            }
            double seconds = (System.nanoTime() - r0) / 1e9;
            errors += users.errors();
            if (samples.size() < 5) {
                samples.addAll(users.errorSamples());
            }
            double share = jitShare(split);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("round", round);
            m.put("users", n);
            m.put("seconds", Load.round(seconds));
            m.put("bridgeCpuSeconds", Load.round(split.get("total")));
            m.put("bridgeCpuMsPerUser", Load.round(split.get("total") * 1000 / n));
            putSplit(m, split, n);
            m.put("emulatorCpuSeconds", Load.round(emuSplit.get("total")));
            m.put("emulatorJitSharePercent", Load.round(jitShare(emuSplit)));
            rounds.add(m);
            log(String.format(Locale.ROOT, "  warm-up round %d: %.1f s, bridge CPU %.2f s (%.2f ms/user), JIT %.1f %% "
                    + "(request %.2f, jit %.2f, gc/vm %.2f, audit %.2f, other %.2f s); emulator JIT %.1f %%", round,
                    seconds, split.get("total"), split.get("total") * 1000 / n, share, split.get("request"),
                    split.get("jit"), split.get("gcVm"), split.get("audit"), split.get("other"), jitShare(emuSplit)));
            double elapsed = (System.nanoTime() - t0) / 1e9;
            if (share < s.warmUpJitShare()) {
                quiet = true;
                stopped = String.format(Locale.ROOT, "JIT quiet: %.1f %% < %.1f %% in round %d", share,
                        s.warmUpJitShare(), round);
            } else if (round >= s.warmUpMaxRounds()) {
                stopped = String.format(Locale.ROOT, "cap: %d rounds (JIT still %.1f %%)", round, share);
            } else if (elapsed >= s.warmUpMaxSeconds()) {
                stopped = String.format(Locale.ROOT, "cap: %.0f s ≥ %d s after %d rounds (JIT still %.1f %%)",
                        elapsed, s.warmUpMaxSeconds(), round, share);
            }
        }
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("rule", String.format(Locale.ROOT, "rounds of %d users at c=8, 0 ms until the bridge's JIT threads take "
                + "< %.1f %% of its CPU in a round; at most %d rounds or %d s", n, s.warmUpJitShare(),
                s.warmUpMaxRounds(), s.warmUpMaxSeconds()));
        w.put("quiet", quiet);
        w.put("stopped", stopped);
        w.put("seconds", Load.round((System.nanoTime() - t0) / 1e9));
        w.put("rounds", rounds);
        result.put("warmUp", w);
        log("warm-up: " + stopped);
        if (!quiet) {
            notes.add("Warm-up ended at its cap, not with a quiet JIT (" + stopped + "): the measured CPU per op still "
                    + "includes compilation; see each phase's \"of which JIT\".");
        }
        if (errors > 0) {
            notes.add("Warm-up (not measured): " + errors + " users met a wrong answer, e.g. " + samples);
        }
    }

    /**
     * One warm-up round: {@code n} users created, looked up, read, replaced (Okta PUT), deactivated (Entra and Okta
     * PATCH by turns) on the bridge and directly, import pages of 100 and 1000, group members added 100 per PATCH,
     * then every user deleted; all at c=8. Answers the users' load (its errors are the round's wrong answers).
     */
    private Load.Stats warmUpRound(boolean groups, int n, int round) throws Exception {
        String[] ids = new String[n];
        String[] dids = new String[n];
        String tag = "warm" + round + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        Load.Stats users = Load.run(n, 8, i -> {
            String login = "bench." + tag + "." + i + "@example.test";
            ids[i] = scim.create(login, Scim.oktaUser(login, i));
            String wrong = scim.lookup(mixedCase(login, i), ids[i]);
            if (wrong == null) {
                wrong = scim.replace(ids[i], Scim.oktaReplace(scim.fetch(ids[i], login), "Grace" + i), "Grace" + i);
            }
            if (wrong == null) {
                wrong = scim.deactivate(ids[i], i % 2 == 0 ? Scim.ENTRA_DISABLE : Scim.OKTA_DISABLE);
            }
            String dl = "direct." + tag + "." + i + "@example.test";
            dids[i] = direct.create(Scim.oktaUser(dl, i));
            direct.lookup(dl, dids[i]);
            direct.getById(dids[i]);
            direct.replace(dids[i], directPut(dl, i));
            direct.deactivate(dids[i]);
            return wrong;
        });
        int total = scim.total();
        Load.run(Math.min(20, (total + 99) / 100), 8, i -> {
            scim.page(1 + i * 100, 100, total);
            direct.importPage(100, i * 100);
            return null;
        });
        Load.run(Math.min(2, (total + 999) / 1000), 8, i -> {
            scim.page(1 + i * 1000, 1000, total);
            return null;
        });
        if (groups) {
            int batches = Math.max(1, (n + 99) / 100);
            String[] groupIds = new String[Math.min(8, batches)];
            for (int g = 0; g < groupIds.length; g++) {
                groupIds[g] = scim.createGroup("bench-" + tag + "-" + g);
            }
            Load.run(batches, 8, i -> {
                List<Scim.Member> batch = new ArrayList<>();
                for (int k = i * 100; k < Math.min(n, (i + 1) * 100); k++) {
                    if (ids[k] != null) {
                        batch.add(new Scim.Member(ids[k], "bench." + tag + "." + k + "@example.test"));
                    }
                }
                return batch.isEmpty() ? null : scim.addMembers(groupIds[i % groupIds.length], batch);
            });
        }
        Load.run(n, 8, i -> {
            if (ids[i] != null) {
                scim.delete(ids[i]);
            }
            if (dids[i] != null) {
                direct.softDelete(dids[i]);
            }
            return null;
        });
        return users;
    }

    // ------------------------------------------------------------------ scale: the 100 000-user import

    private List<Map<String, Object>> scale() throws Exception {
        log("import: restarting the emulator with " + s.importUsers() + " employees and a fresh bridge");
        stopAll();
        startEmulator(s.importUsers(), "import");
        startBridge("import");
        Thread.sleep(1000);
        scim = new Scim(http, "http://127.0.0.1:" + s.bridgePort() + "/scim/v2", token);
        double idleRss = bridge.statusMiB("VmRSS");
        // Warm the page path a little (a fresh JVM): 20 pages.
        int total = scim.total();
        for (int i = 0; i < 20; i++) {
            scim.page(1 + i * 100, 100, total);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int latency : s.importLatencies()) {
            faults(latency);
            for (int size : List.of(100, 1000)) {
                out.add(importAll(latency, size, total, idleRss));
            }
        }
        faults(0);
        return out;
    }

    /**
     * Okta's import: pages one after another (concurrency 1), every id checked for uniqueness, and the bridge's RSS
     * read after every page (for the flatness target, bench/README.md).
     */
    private Map<String, Object> importAll(int latency, int size, int total, double idleRss) throws Exception {
        int pages = (total + size - 1) / size;
        log(String.format(Locale.ROOT, "import: %d users in %d pages of %d at %d ms latency", total, pages, size,
                latency));
        Set<String> seen = ConcurrentHashMap.newKeySet();
        double[] rssAfterPage = new double[pages];
        resetCounters();
        bridge.resetPeakRss();
        double cpu0 = bridge.cpuSeconds();
        double emuCpu0 = emulator.cpuSeconds();
        Load.Stats b;
        double peak;
        try (Proc.RssSampler rss = bridge.new RssSampler()) {
            b = Load.run(pages, 1, i -> {
                seen.addAll(scim.page(1 + i * size, size, total));
                rssAfterPage[i] = bridge.statusMiB("VmRSS");
                return null;
            });
            rss.stop();
            peak = Math.max(rss.maxMiB(), bridge.statusMiB("VmHWM"));
        }
        double cpu = bridge.cpuSeconds() - cpu0;
        double emuCpu = emulator.cpuSeconds() - emuCpu0;
        Map<String, Long> calls = counters();
        double rssAfter = bridge.statusMiB("VmRSS");
        // Ivanti page time: a sample of the same SCIM pages' Ivanti calls, straight to the emulator.
        int samplePages = Math.min(pages, 50);
        Load.Stats d = Load.run(samplePages, 1, k -> {
            int i = (int) ((long) k * pages / samplePages);
            int skip = i * size;
            int end = Math.min(total, skip + size);
            List<CompletableFuture<Integer>> parts = new ArrayList<>();
            for (int from = skip; from < end; from += 100) {
                int top = Math.min(100, end - from);
                int f = from;
                parts.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return direct.importPage(top, f).size();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            int rows = parts.stream().mapToInt(CompletableFuture::join).sum();
            return rows == end - skip ? null : "direct rows " + rows;
        });
        double expectedSeconds = pages * d.mean() / 1000;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("latencyMs", latency);
        m.put("pageSize", size);
        m.put("users", total);
        m.put("pages", pages);
        m.put("distinctIds", seen.size());
        m.put("errors", b.errors() + (seen.size() == total ? 0 : 1));
        m.put("seconds", Load.round(b.seconds()));
        m.put("usersPerSecond", Load.round(seen.size() / b.seconds()));
        m.put("pageP50Ms", Load.round(b.p50()));
        m.put("pageP99Ms", Load.round(b.p99()));
        m.put("ivantiPageMsMean", Load.round(d.mean()));
        m.put("expectedSeconds", Load.round(expectedSeconds));
        m.put("ratioToExpected", Load.round(b.seconds() / expectedSeconds));
        m.put("ivantiCalls", calls.getOrDefault("total", 0L));
        m.put("bridgeCpuSeconds", Load.round(cpu));
        m.put("bridgeCpuMsPerPage", Load.round(cpu * 1000 / pages));
        m.put("emulatorCpuMsPerPage", Load.round(emuCpu * 1000 / pages));
        m.put("bridgeIdleRssMiB", Load.round(idleRss));
        m.put("bridgePeakRssMiB", Load.round(peak));
        m.put("bridgeRssAfterMiB", Load.round(rssAfter));
        m.put("rssFlat", flatness(rssAfterPage));
        List<String> samples = new ArrayList<>(b.errorSamples());
        if (seen.size() != total) {
            samples.add("the import saw " + seen.size() + " distinct ids for " + total + " users");
        }
        if (!samples.isEmpty()) {
            m.put("errorSamples", samples);
        }
        log("  " + m);
        return m;
    }

    /**
     * RSS through an import (bench/README.md, "flat"): the reference is the RSS after the first 10 % of the pages
     * (the heap has grown to its working size by then); flat when every later page's RSS lies within ±10 % of it.
     * A 20-point series goes into the result for the curious.
     */
    static Map<String, Object> flatness(double[] rssAfterPage) {
        Map<String, Object> m = new LinkedHashMap<>();
        int pages = rssAfterPage.length;
        int ref = Math.max(0, (int) Math.ceil(pages * 0.10) - 1);
        double refMiB = rssAfterPage[ref];
        double max = refMiB;
        double min = refMiB;
        for (int i = ref; i < pages; i++) {
            max = Math.max(max, rssAfterPage[i]);
            min = Math.min(min, rssAfterPage[i]);
        }
        m.put("referencePage", ref + 1);
        m.put("referenceMiB", Load.round(refMiB));
        m.put("maxMiB", Load.round(max));
        m.put("minMiB", Load.round(min));
        m.put("maxRisePercent", Load.round(refMiB > 0 ? (max / refMiB - 1) * 100 : 0));
        m.put("maxDropPercent", Load.round(refMiB > 0 ? (1 - min / refMiB) * 100 : 0));
        List<Double> series = new ArrayList<>();
        int points = Math.min(20, pages);
        for (int k = 1; k <= points; k++) {
            series.add(Load.round(rssAfterPage[(int) ((long) k * pages / points) - 1]));
        }
        m.put("seriesMiB", series);
        return m;
    }

    // ------------------------------------------------------------------ groups at scale (issue 14)

    /**
     * Okta pushes a group of {@code bench.group-members} (2,000) existing users in one PATCH at
     * {@code bench.group-latency} (50 ms) emulator latency; then one member is added to a small group and to the large
     * one, and the Ivanti calls of each are counted (O(1) means equal and small). Every step's answer and the members
     * read back afterwards are checked.
     */
    private Map<String, Object> groupsAtScale() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        int total = scim.total();
        int members = Math.min(s.groupMembers(), total - SMALL_GROUP - 2);
        if (members < 1) {
            notes.add("Groups at scale skipped: " + total + " users are too few (bench.import-users).");
            return m;
        }
        if (members < s.groupMembers()) {
            notes.add("Groups at scale: only " + total + " users (bench.import-users), so the large group has "
                    + members + " members, not " + s.groupMembers() + ".");
        }
        log("groups at scale: one Okta PATCH of " + members + " members at " + s.groupLatency() + " ms latency");
        List<Scim.Member> users = new ArrayList<>();
        for (int start = 1; users.size() < members + SMALL_GROUP + 2 && start <= total; start += 1000) {
            users.addAll(scim.members(start, 1000));
        }
        List<Scim.Member> big = users.subList(0, members);
        List<Scim.Member> small = users.subList(members, members + SMALL_GROUP);
        Scim.Member oneForBig = users.get(members + SMALL_GROUP);
        Scim.Member oneForSmall = users.get(members + SMALL_GROUP + 1);
        String tag = Long.toString(System.nanoTime() % 1_000_000, 36);
        String bigId = scim.createGroup("bench-okta-push-" + tag);
        String smallId = scim.createGroup("bench-small-" + tag);
        m.put("members", members);
        m.put("latencyMs", s.groupLatency());

        faults(s.groupLatency());
        resetCounters();
        double emuCpu0 = emulator.cpuSeconds();
        long t0 = System.nanoTime();
        String pushError;
        Map<String, Double> split;
        // The one request's CPU by thread kind: issue 15 bounds a request's bridge CPU at 2 s, and this bridge was just
        // restarted for the import, so the push pays for compiling the membership path (the JIT share says how much).
        try (Proc.CpuSampler threads = bridge.new CpuSampler()) {
            pushError = send(() -> scim.addMembers(bigId, big, PUSH_TIMEOUT));
            split = threads.stop();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = split.get("total");
        double emuCpu = emulator.cpuSeconds() - emuCpu0;
        faults(0);
        Map<String, Long> pushCalls = counters();
        m.put("pushSeconds", Load.round(seconds));
        m.put("pushAnswer", pushError == null ? "ok" : pushError);
        m.put("pushIvantiCalls", pushCalls);
        m.put("pushBridgeCpuSeconds", Load.round(cpu));
        m.put("pushBridgeCpuMsPerMember", Load.round(cpu * 1000 / Math.max(1, members)));
        m.put("pushBridgeJitSharePercent", Load.round(jitShare(split)));
        m.put("pushEmulatorCpuSeconds", Load.round(emuCpu));
        if (pushError != null) {
            errors.add("push of " + members + " members: " + pushError);
        }
        check(errors, bigId, big, "after the push");

        check(errors, smallId, small, "after filling the small group",
                send(() -> scim.addMembers(smallId, small)));
        Map<String, Object> addOne = new LinkedHashMap<>();
        addOne.put("smallGroupMembers", SMALL_GROUP);
        addOne.put("smallCalls", addOneMember(errors, smallId, small, oneForSmall));
        addOne.put("largeGroupMembers", members);
        addOne.put("largeCalls", addOneMember(errors, bigId, big, oneForBig));
        m.put("addOne", addOne);
        m.put("errors", errors.size());
        if (!errors.isEmpty()) {
            m.put("errorSamples", errors);
        }
        log("  " + m);
        return m;
    }

    /** Adds one member; answers that PATCH's Ivanti calls by kind, and checks the answer and the members read back. */
    private Map<String, Long> addOneMember(List<String> errors, String groupId, List<Scim.Member> before,
            Scim.Member one) throws Exception {
        resetCounters();
        String answer = send(() -> scim.addMembers(groupId, List.of(one)));
        Map<String, Long> calls = counters();
        List<Scim.Member> after = new ArrayList<>(before);
        after.add(one);
        check(errors, groupId, after, "after adding 1 to " + before.size(), answer);
        return calls;
    }

    private void check(List<String> errors, String groupId, List<Scim.Member> expected, String when, String answer)
            throws Exception {
        if (answer != null) {
            errors.add(when + ": " + answer);
        }
        check(errors, groupId, expected, when);
    }

    /** The group's members read back must be exactly {@code expected}. */
    private void check(List<String> errors, String groupId, List<Scim.Member> expected, String when)
            throws Exception {
        Set<String> want = new HashSet<>();
        expected.forEach(u -> want.add(u.id()));
        Set<String> got = scim.memberIds(groupId);
        if (!want.equals(got)) {
            errors.add(when + ": group " + groupId + " reads back " + (got == null ? "no group" : got.size()
                    + " members") + ", expected " + want.size());
        }
    }

    /** One request of the groups-at-scale steps: null when its answer was right, else why not. */
    @FunctionalInterface
    private interface Step {

        String call() throws Exception;
    }

    /** Runs one step; a timeout or an exception is its (wrong) answer. */
    private static String send(Step request) {
        try {
            return request.call();
        } catch (HttpTimeoutException e) {
            return "no answer within " + PUSH_TIMEOUT.toSeconds() + " s";
        } catch (Exception e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    // ------------------------------------------------------------------ processes and emulator hooks

    private void startEmulator(int generate, String stage) throws Exception {
        List<String> props = List.of("-Dquarkus.http.port=" + s.emulatorPort(), "-Dquarkus.http.host=127.0.0.1",
                // Each process has a management interface of its own, at its port + 1000 (as the soak does), so an
                // adjacent pair (emulator, bridge) of ports never puts one on the other's.
                "-Dquarkus.management.port=" + (s.emulatorPort() + 1000),
                "-Dbridge.emulator.standalone=true", "-Dbridge.emulator.generate=" + generate,
                // The emulator slows every call after 100 000 a day (docs/ivanti-api.md row 26); not what we measure.
                "-Dbridge.emulator.faults.daily-call-limit=2000000000", "-Dquarkus.log.level=WARN",
                "-Dquarkus.log.category.\"io.quarkus\".level=INFO");
        emulator = Proc.start("emulator", Proc.java(s.java(), jvm(s.emulatorJvm(), "emulator", stage), props,
                s.jar()), logs.resolve("emulator-" + stage + ".log"));
        emulator.awaitReady(this::status, emulatorUrl + "/_emulator/stats", Duration.ofMinutes(5));
        faults(0);
    }

    private void startBridge(String stage) throws Exception {
        List<String> props = List.of("-Dquarkus.http.port=" + s.bridgePort(), "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.management.port=" + (s.bridgePort() + 1000),
                "-Dbridge.ivanti.url=" + tenantUrl, "-Dbridge.ivanti.auth.api-key=demo-ivanti-key",
                "-Dbridge.security.bootstrap-token=" + token,
                // The bench measures the bridge, not the protective limits an operator sets per tenant and IdP.
                "-Dbridge.ivanti.limits.requests-per-minute=0", "-Dbridge.security.rate-limit.requests-per-second=0",
                // The idle-time readiness probe (one $top=1 read) would land in some phases' call counts.
                "-Dbridge.ivanti.readiness.probe-interval=1h",
                // Tokens and audit of this run only, in a directory of its own (removed at the end).
                "-Dbridge.store.url=jdbc:h2:file:" + store.toAbsolutePath().resolve("bridge")
                        + ";DB_CLOSE_ON_EXIT=FALSE");
        bridge = Proc.start("bridge", Proc.java(s.java(), jvm(s.bridgeJvm(), "bridge", stage), props, s.jar()),
                logs.resolve("bridge-" + stage + ".log"));
        bridge.awaitReady(this::status, "http://127.0.0.1:" + s.bridgePort() + "/q/health/ready",
                Duration.ofMinutes(5));
    }

    /** The JVM options of a child; with bench.profile, a JFR recording of its own ({@code <role>-<stage>.jfr}). */
    private List<String> jvm(List<String> options, String role, String stage) throws Exception {
        if (s.profile() == null) {
            return options;
        }
        Files.createDirectories(s.profile());
        Path jfr = s.profile().toAbsolutePath().resolve(role + "-" + stage + ".jfr");
        Files.deleteIfExists(jfr);
        if (stage.equals("day")) {
            profiles.put(role, jfr);
        }
        List<String> out = new ArrayList<>(options);
        out.add("-XX:FlightRecorderOptions:stackdepth=256");
        out.add("-XX:StartFlightRecording=settings=profile,filename=" + jfr + ",dumponexit=true");
        return out;
    }

    /** With bench.profile: the top-10 of the IdP day's bridge and emulator, printed and kept in the result. */
    private void profileTops() throws Exception {
        if (profiles.isEmpty()) {
            return;
        }
        Map<String, Object> tops = new LinkedHashMap<>();
        for (Map.Entry<String, Path> e : profiles.entrySet()) {
            if (!Files.isRegularFile(e.getValue())) {
                notes.add("Profile of the " + e.getKey() + ": no JFR file at " + e.getValue());
                continue;
            }
            String top = JfrTop.report(e.getValue(), 10);
            Path txt = Path.of(e.getValue().toString().replaceFirst("\\.jfr$", "-top.txt"));
            Files.writeString(txt, top);
            // Recorded relative to the working directory (the repository), so a committed result names no machine's
            // path.
            tops.put(e.getKey(), Map.of("jfr", Path.of("").toAbsolutePath().relativize(e.getValue()).toString(), "top",
                    top));
            log("profile of the " + e.getKey() + " (IdP day, " + e.getValue() + "):\n" + top);
        }
        result.put("profiles", tops);
    }

    /** Deletes this run's bridge store (the children are stopped first, so H2 has closed its files). */
    private void removeStore() {
        if (store == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(store)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (Exception e) {
            log("could not remove the bridge store " + store + ": " + e);
        }
    }

    private void stopAll() {
        if (bridge != null) {
            bridge.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    private void faults(int latencyMs) throws Exception {
        post("/_emulator/faults", "{\"latencyMs\":" + latencyMs + ",\"dailyCallLimit\":2000000000}");
    }

    private void resetCounters() throws Exception {
        post("/_emulator/counters/reset", "");
    }

    private Map<String, Long> counters() throws Exception {
        Http.Response r = http.send("GET", emulatorUrl + "/_emulator/counters", null, HOOK_TIMEOUT);
        Map<String, Long> m = new LinkedHashMap<>();
        JsonNode node = JSON.readTree(r.body());
        node.properties().forEach(e -> m.put(e.getKey(), e.getValue().asLong()));
        return m;
    }

    private void post(String hook, String body) throws Exception {
        Http.Response r = http.send("POST", emulatorUrl + hook, body, HOOK_TIMEOUT, "Content-Type",
                "application/json");
        if (r.status() != 200) {
            throw new IllegalStateException(hook + " → " + r.status() + " " + r.body());
        }
    }

    /** What a GET of {@code url} answers: the children's readiness polls ({@link Proc#awaitReady}). */
    private int status(String url) throws IOException {
        return http.send("GET", url, null, Duration.ofSeconds(2)).status();
    }

    // ------------------------------------------------------------------ helpers

    /** Every phase, import and group step with a wrong answer: where, how many, and samples. */
    private List<Map<String, Object>> wrongAnswers() {
        JsonNode r = JSON.valueToTree(result);
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonNode run : r.path("runs")) {
            for (JsonNode p : run.path("phases")) {
                int errors = p.path("bridge").path("errors").asInt();
                if (errors > 0) {
                    out.add(wrong("l" + run.path("latencyMs").asInt() + " c" + run.path("concurrency").asInt() + " "
                            + p.path("phase").asText(), errors, p.path("bridge").path("errorSamples")));
                }
                int directErrors = p.path("direct").path("errors").asInt();
                if (directErrors > 0) {
                    out.add(wrong("l" + run.path("latencyMs").asInt() + " c" + run.path("concurrency").asInt() + " "
                            + p.path("phase").asText() + " (direct Ivanti baseline)", directErrors,
                            p.path("direct").path("errorSamples")));
                }
            }
        }
        for (JsonNode imp : r.path("import")) {
            if (imp.path("errors").asInt() > 0) {
                out.add(wrong("import of " + imp.path("users").asInt() + ", pages of " + imp.path("pageSize").asInt()
                        + ", " + imp.path("latencyMs").asInt() + " ms", imp.path("errors").asInt(),
                        imp.path("errorSamples")));
            }
        }
        JsonNode g = r.path("groupsAtScale");
        if (g.path("errors").asInt() > 0) {
            out.add(wrong("groups at scale", g.path("errors").asInt(), g.path("errorSamples")));
        }
        return out;
    }

    private static Map<String, Object> wrong(String where, int errors, JsonNode samples) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("where", where);
        m.put("errors", errors);
        List<String> list = new ArrayList<>();
        samples.forEach(x -> list.add(x.asText()));
        m.put("samples", list);
        return m;
    }

    /** userName with its letters' case flipped in a pattern that depends on i (Okta's spec test upper-cases). */
    static String mixedCase(String login, int i) {
        StringBuilder sb = new StringBuilder(login.length());
        for (int k = 0; k < login.length(); k++) {
            char ch = login.charAt(k);
            sb.append(((k + i) % 3 == 0) ? Character.toUpperCase(ch) : ch);
        }
        return sb.toString();
    }

    private Map<String, Object> host() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("memTotal", Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " "));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("childJava", s.java());
        m.put("childJdk", Proc.version(s.java()));
        m.put("startLoadAverage", loadAverage());
        m.put("note", "Shared machine: other builds run alongside, so figures are noisy (±20% or worse). The driver, "
                + "the emulator and the bridge share the same cores.");
        return m;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "?";
        }
    }

    private Map<String, Object> settingsMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("quick", s.quick());
        m.put("jar", s.jar());
        m.put("java", s.java());
        m.put("users", s.users());
        m.put("usersAtC1", s.usersAtC1());
        m.put("usersPerWorkerWithLatency", s.usersPerWorkerWithLatency());
        m.put("warmUpUsers", s.warmUpUsers());
        m.put("warmUpJitSharePercent", s.warmUpJitShare());
        m.put("warmUpMaxRounds", s.warmUpMaxRounds());
        m.put("warmUpMaxSeconds", s.warmUpMaxSeconds());
        m.put("emulatorSeed", s.seed());
        m.put("concurrency", s.concurrency());
        m.put("latenciesMs", s.latencies());
        m.put("importUsers", s.importUsers());
        m.put("importLatenciesMs", s.importLatencies());
        m.put("startups", s.startups());
        m.put("groupMembers", s.groupMembers());
        m.put("groupLatencyMs", s.groupLatency());
        m.put("bridgeJvmOptions", s.bridgeJvm());
        m.put("emulatorJvmOptions", s.emulatorJvm());
        m.put("profile", s.profile() == null ? null : s.profile().toString());
        return m;
    }

    private static double median(List<Map<String, Object>> list, String key) {
        double[] v = list.stream().mapToDouble(m -> ((Number) m.get(key)).doubleValue()).sorted().toArray();
        return v.length == 0 ? -1 : v[v.length / 2];
    }

    static void log(String line) {
        System.out.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + line);
        System.out.flush();
    }
}
