package io.ivantiscim.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * {@code make bench}: starts the Ivanti emulator and the bridge as their own processes from the packaged jar, plays
 * an IdP's day against the bridge and the same Ivanti calls straight against the emulator, and writes
 * {@code bench/results/<date>-<label>.json} and {@code .md}. Settings are system properties ({@code -Dbench.*}, see
 * {@link Settings}); the Makefile maps {@code BENCH_*} variables onto them.
 */
public final class Bench {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Every knob, with the default run's values; {@code bench.quick=true} shrinks the counts. */
    record Settings(String jar, String label, Path out, int users, int seed, List<Integer> concurrency,
            List<Integer> latencies, int usersPerWorkerWithLatency, int importUsers, List<Integer> importLatencies,
            int startups, List<String> bridgeJvm, List<String> emulatorJvm, int emulatorPort, int bridgePort,
            boolean quick) {

        static Settings fromSystemProperties() {
            boolean quick = Boolean.parseBoolean(p("bench.quick", "false"));
            return new Settings(p("bench.jar", "target/quarkus-app/quarkus-run.jar"),
                    p("bench.label", quick ? "quick" : "default"), Path.of(p("bench.out", "bench/results")),
                    Integer.parseInt(p("bench.users", quick ? "200" : "500")),
                    Integer.parseInt(p("bench.seed", quick ? "300" : "1000")), ints(p("bench.concurrency", "1,8,32")),
                    ints(p("bench.latencies", "0,50")), Integer.parseInt(p("bench.users-per-worker", quick ? "20" : "40")),
                    Integer.parseInt(p("bench.import-users", quick ? "10000" : "100000")),
                    ints(p("bench.import-latencies", quick ? "0" : "0,50")),
                    Integer.parseInt(p("bench.startups", quick ? "1" : "3")), words(p("bench.bridge-jvm", "")),
                    words(p("bench.emulator-jvm", "")), Integer.parseInt(p("bench.emulator-port", "19090")),
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

        private static List<String> words(String s) {
            return s.isBlank() ? List.of() : List.of(s.trim().split("\\s+"));
        }
    }

    private final Settings s;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "direct-page");
        t.setDaemon(true);
        return t;
    });
    private final String token = "bench-" + UUID.randomUUID();
    private final String emulatorUrl;
    private final String tenantUrl;
    private final Path logs;
    private Proc emulator;
    private Proc bridge;
    private Scim scim;
    private Ivanti direct;
    private final Map<String, Object> result = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    Bench(Settings s) {
        this.s = s;
        this.emulatorUrl = "http://127.0.0.1:" + s.emulatorPort() + "/emulator";
        this.tenantUrl = emulatorUrl;
        this.logs = s.out().resolve("logs");
    }

    public static void main(String[] args) throws Exception {
        Settings s = Settings.fromSystemProperties();
        Bench b = new Bench(s);
        try {
            b.run();
        } finally {
            b.stopAll();
        }
        System.exit(0);
    }

    void run() throws Exception {
        long t0 = System.nanoTime();
        String date = LocalDate.now().toString();
        result.put("label", s.label());
        result.put("started", OffsetDateTime.now().toString());
        result.put("host", host());
        result.put("settings", settingsMap());
        log("emulator: starting with " + s.seed() + " generated employees on :" + s.emulatorPort());
        startEmulator(s.seed());
        direct = new Ivanti(http, tenantUrl, "demo-ivanti-key");

        // Start-up to ready and idle RSS: the bridge is started s.startups() times; the last one stays up.
        List<Map<String, Object>> starts = new ArrayList<>();
        for (int i = 0; i < s.startups(); i++) {
            startBridge();
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

        warmUp();

        List<Map<String, Object>> runs = new ArrayList<>();
        for (int latency : s.latencies()) {
            faults(latency);
            for (int c : s.concurrency()) {
                int n = latency == 0 ? s.users() : Math.min(s.users(), s.usersPerWorkerWithLatency() * c);
                runs.add(day(latency, c, n, groups));
            }
        }
        faults(0);
        result.put("runs", runs);

        result.put("import", scale());
        result.put("targets", Targets.evaluate(result));
        result.put("notes", notes);
        result.put("endLoadAverage", loadAverage());
        result.put("totalSeconds", Load.round((System.nanoTime() - t0) / 1e9));

        Files.createDirectories(s.out());
        Path json = s.out().resolve(date + "-" + s.label() + ".json");
        Path md = s.out().resolve(date + "-" + s.label() + ".md");
        Files.writeString(json, JSON.writeValueAsString(result) + "\n");
        Files.writeString(md, Report.markdown(JSON.valueToTree(result)));
        log("wrote " + json + " and " + md);
        System.out.println(Files.readString(md));
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
        phases.add(phase("c-get", n, c, i -> ids.get(i) == null ? "no user" : scim.get(ids.get(i), logins[i]),
                i -> directIds.get(i) == null ? "no user" : direct.getById(directIds.get(i))));
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
            phases.addAll(groupPhases(tag, c, n, ids));
        }
        phases.add(phase("g-delete", n, c, i -> ids.get(i) == null ? "no user" : scim.delete(ids.get(i)),
                i -> directIds.get(i) == null ? "no user" : direct.softDelete(directIds.get(i))));
        // Deleted users must be gone: a sample, outside the timed phase.
        int gone = 0;
        int sample = Math.min(n, 20);
        for (int i = 0; i < sample; i++) {
            if (ids.get(i) != null && scim.status("/Users/" + ids.get(i)) == 404) {
                gone++;
            }
        }
        if (gone != sample) {
            notes.add("run l" + latency + " c" + c + ": only " + gone + " of " + sample + " deleted users answer 404");
        }

        Map<String, Object> run = new LinkedHashMap<>();
        run.put("latencyMs", latency);
        run.put("concurrency", c);
        run.put("users", n);
        run.put("phases", phases);
        return run;
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
            @SuppressWarnings("unchecked")
            Map<String, Object> bridgeStats = (Map<String, Object>) m.get("bridge");
            bridgeStats.put("errors", ((Integer) bridgeStats.get("errors")) + 1);
            notes.add(name + ": the import saw " + seen.size() + " distinct ids for totalResults " + total);
        }
        return m;
    }

    /** (f): groups created, then members added in batches of 100 per PATCH. No direct baseline yet. */
    private List<Map<String, Object>> groupPhases(String tag, int c, int n, AtomicReferenceArray<String> ids)
            throws Exception {
        int batches = (n + 99) / 100;
        int groupCount = Math.max(1, Math.min(batches, c));
        AtomicReferenceArray<String> groupIds = new AtomicReferenceArray<>(groupCount);
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(phase("f-group-create", groupCount, c, i -> {
            groupIds.set(i, scim.createGroup("bench-" + tag + "-" + i));
            return null;
        }, null));
        out.add(phase("f-group-add-100", batches, c, i -> {
            List<String> batch = new ArrayList<>();
            for (int k = i * 100; k < Math.min(n, (i + 1) * 100); k++) {
                batch.add(ids.get(k));
            }
            return scim.addMembers(groupIds.get(i % groupCount), batch);
        }, null));
        int expected = 0;
        int actual = 0;
        for (int g = 0; g < groupCount; g++) {
            for (int i = g; i < batches; i += groupCount) {
                expected += Math.min(n, (i + 1) * 100) - i * 100;
            }
            actual += scim.memberCount(groupIds.get(g));
        }
        if (expected != actual) {
            notes.add("groups " + tag + ": " + actual + " members read back, " + expected + " added");
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
        double cpu0 = bridge.cpuSeconds();
        double emuCpu0 = emulator.cpuSeconds();
        Load.Stats b;
        double rssPeak;
        try (Proc.RssSampler rss = bridge.new RssSampler()) {
            b = Load.run(n, c, scimOp);
            rss.close();
            rssPeak = Math.max(rss.maxMiB(), bridge.statusMiB("VmHWM"));
        }
        double cpu = bridge.cpuSeconds() - cpu0;
        double emuCpu = emulator.cpuSeconds() - emuCpu0;
        Map<String, Long> calls = counters();
        m.put("bridge", b.toMap());
        m.put("ivantiCallsPerOp", Load.round(calls.getOrDefault("total", 0L) / (double) Math.max(1, n)));
        m.put("ivantiCalls", calls);
        m.put("bridgeCpuSeconds", Load.round(cpu));
        m.put("bridgeCpuMsPerOp", Load.round(cpu * 1000 / Math.max(1, n)));
        m.put("bridgePeakRssMiB", Load.round(rssPeak));
        m.put("emulatorCpuSeconds", Load.round(emuCpu));
        if (directOp != null) {
            resetCounters();
            Load.Stats d = Load.run(n, c, directOp);
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
        log(String.format(Locale.ROOT, "  %-16s n=%-5d c=%-2d %8.1f ops/s p50 %7.2f p99 %7.2f ms err %d calls/op %.2f%s",
                name, n, c, b.opsPerSecond(), b.p50(), b.p99(), b.errors(), calls.getOrDefault("total", 0L)
                        / (double) Math.max(1, n),
                directOp == null ? "" : String.format(Locale.ROOT, " | overhead p50 %.2f p99 %.2f ms",
                        ((Map<?, ?>) m.get("overhead")).get("p50Ms"), ((Map<?, ?>) m.get("overhead")).get("p99Ms"))));
        return m;
    }

    /** JIT warm-up of both sides (not recorded): a short day at concurrency 8. */
    private void warmUp() throws Exception {
        int n = s.quick() ? 100 : 300;
        log("warm-up: " + n + " users through every phase");
        String[] ids = new String[n];
        String[] dids = new String[n];
        String tag = "warm" + Long.toString(System.nanoTime() % 1_000_000, 36);
        Load.run(n, 8, i -> {
            String login = "bench." + tag + "." + i + "@example.test";
            ids[i] = scim.create(login, Scim.oktaUser(login, i));
            scim.lookup(login.toUpperCase(Locale.ROOT), ids[i]);
            scim.get(ids[i], login);
            scim.deactivate(ids[i], i % 2 == 0 ? Scim.ENTRA_DISABLE : Scim.OKTA_DISABLE);
            String dl = "direct." + tag + "." + i + "@example.test";
            dids[i] = direct.create(Scim.oktaUser(dl, i));
            direct.lookup(dl, dids[i]);
            direct.getById(dids[i]);
            direct.deactivate(dids[i]);
            return null;
        });
        int total = scim.total();
        Load.run(Math.min(20, (total + 99) / 100), 4, i -> {
            scim.page(1 + i * 100, 100, total);
            direct.importPage(100, i * 100);
            return null;
        });
        Load.run(n, 8, i -> {
            scim.delete(ids[i]);
            direct.softDelete(dids[i]);
            return null;
        });
    }

    // ------------------------------------------------------------------ scale: the 100 000-user import

    private List<Map<String, Object>> scale() throws Exception {
        log("import: restarting the emulator with " + s.importUsers() + " employees and a fresh bridge");
        stopAll();
        startEmulator(s.importUsers());
        startBridge();
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

    /** Okta's import: pages one after another (concurrency 1), every id checked for uniqueness. */
    private Map<String, Object> importAll(int latency, int size, int total, double idleRss) throws Exception {
        int pages = (total + size - 1) / size;
        log(String.format(Locale.ROOT, "import: %d users in %d pages of %d at %d ms latency", total, pages, size,
                latency));
        Set<String> seen = ConcurrentHashMap.newKeySet();
        resetCounters();
        bridge.resetPeakRss();
        double cpu0 = bridge.cpuSeconds();
        Load.Stats b;
        double peak;
        try (Proc.RssSampler rss = bridge.new RssSampler()) {
            b = Load.run(pages, 1, i -> {
                seen.addAll(scim.page(1 + i * size, size, total));
                return null;
            });
            rss.close();
            peak = Math.max(rss.maxMiB(), bridge.statusMiB("VmHWM"));
        }
        double cpu = bridge.cpuSeconds() - cpu0;
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
        m.put("bridgeIdleRssMiB", Load.round(idleRss));
        m.put("bridgePeakRssMiB", Load.round(peak));
        m.put("bridgeRssAfterMiB", Load.round(rssAfter));
        if (!b.errorSamples().isEmpty()) {
            m.put("errorSamples", b.errorSamples());
        }
        log("  " + m);
        return m;
    }

    // ------------------------------------------------------------------ processes and emulator hooks

    private void startEmulator(int generate) throws Exception {
        List<String> props = List.of("-Dquarkus.http.port=" + s.emulatorPort(), "-Dquarkus.http.host=127.0.0.1",
                // Each process has a management interface of its own: keep the two off each other's port.
                "-Dquarkus.management.port=" + (s.emulatorPort() + 1),
                "-Dbridge.emulator.standalone=true", "-Dbridge.emulator.generate=" + generate,
                // The emulator slows every call after 100 000 a day (docs/ivanti-api.md row 26); not what we measure.
                "-Dbridge.emulator.faults.daily-call-limit=2000000000", "-Dquarkus.log.level=WARN",
                "-Dquarkus.log.category.\"io.quarkus\".level=INFO");
        emulator = Proc.start("emulator", Proc.java(s.emulatorJvm(), props, s.jar()), logs.resolve("emulator.log"));
        emulator.awaitReady(http, emulatorUrl + "/_emulator/stats", Duration.ofMinutes(5));
        faults(0);
    }

    private void startBridge() throws Exception {
        List<String> props = List.of("-Dquarkus.http.port=" + s.bridgePort(), "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.management.port=" + (s.bridgePort() + 1),
                "-Dbridge.ivanti.url=" + tenantUrl, "-Dbridge.ivanti.auth.api-key=demo-ivanti-key",
                "-Dbridge.security.bootstrap-token=" + token,
                // The bench measures the bridge, not the protective limits an operator sets per tenant and IdP.
                "-Dbridge.ivanti.limits.requests-per-minute=0", "-Dbridge.security.rate-limit.requests-per-second=0");
        bridge = Proc.start("bridge", Proc.java(s.bridgeJvm(), props, s.jar()), logs.resolve("bridge.log"));
        bridge.awaitReady(http, "http://127.0.0.1:" + s.bridgePort() + "/q/health/ready", Duration.ofMinutes(2));
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
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(emulatorUrl + "/_emulator/counters"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Long> m = new LinkedHashMap<>();
        JsonNode node = JSON.readTree(r.body());
        node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asLong()));
        return m;
    }

    private void post(String hook, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(emulatorUrl + hook))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(hook + " → " + r.statusCode() + " " + r.body());
        }
    }

    // ------------------------------------------------------------------ helpers

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
        m.put("users", s.users());
        m.put("usersPerWorkerWithLatency", s.usersPerWorkerWithLatency());
        m.put("emulatorSeed", s.seed());
        m.put("concurrency", s.concurrency());
        m.put("latenciesMs", s.latencies());
        m.put("importUsers", s.importUsers());
        m.put("importLatenciesMs", s.importLatencies());
        m.put("bridgeJvmOptions", s.bridgeJvm());
        m.put("emulatorJvmOptions", s.emulatorJvm());
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
