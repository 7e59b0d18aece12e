package io.ivantiscim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Issue 15 item 10: an operation the IdP was told succeeded has its audit event, even when the bridge is killed
 * (SIGKILL, no shutdown hook) right after the answer. The packaged jar runs on its built-in emulator; 16 clients
 * create users until {@link #ACKNOWLEDGED} creates are answered 201, the process is killed at that moment with
 * requests still in flight, then restarted on the same store, whose audit trail must hold every acknowledged create.
 * Runs on a file-backed H2 and, where {@code BRIDGE_TEST_PG_URL} names one ({@code .ci/run}), on PostgreSQL.
 */
class AuditCrashIT {

    private static final int ACKNOWLEDGED = 300;
    private static final int CLIENTS = 16;
    private static final String ADMIN_PASSWORD = "audit-crash-admin";
    private static final Duration START = Duration.ofSeconds(90);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : processes) {
            PackagedJar.stop(p);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void everyAcknowledgedCreateIsAuditedAfterKillMinus9(String kind) throws Exception {
        Path dir = Files.createDirectories(Path.of("target/audit-crash-it/" + kind).toAbsolutePath());
        List<String> store = store(kind, dir);
        int port = PackagedJar.freePort();
        int management = PackagedJar.freePort();
        Instant started = Instant.now().minusSeconds(1);
        String prefix = "crash" + System.nanoTime() + "-";

        Process first = start(dir, "first", port, management, store);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            clients.execute(() -> {
                // Bounded, so a bridge that refuses the creates fails the test at once rather than at the timeout.
                while (first.isAlive() && next.get() < 3 * ACKNOWLEDGED) {
                    String id = create(port, prefix + next.incrementAndGet() + "@example.com");
                    if (id != null) {
                        acknowledged.add(id);
                        if (acknowledged.size() >= ACKNOWLEDGED) {
                            // SIGKILL while the other clients' requests are in flight: nothing runs on the way out.
                            first.destroyForcibly();
                        }
                    }
                }
            });
        }
        clients.shutdown();
        assertTrue(clients.awaitTermination(180, TimeUnit.SECONDS), "the clients did not finish");
        assertTrue(first.waitFor(10, TimeUnit.SECONDS), "the bridge was not killed");
        assertTrue(acknowledged.size() >= ACKNOWLEDGED, () -> acknowledged.size() + " creates acknowledged");

        start(dir, "second", port, management, store);
        Set<String> audited = auditedCreates(management, started);
        Set<String> missing = new HashSet<>(acknowledged);
        missing.removeAll(audited);
        assertEquals(Set.of(), missing, missing.size() + " of " + acknowledged.size()
                + " acknowledged creates have no audit event after kill -9 and restart");
    }

    private List<String> store(String kind, Path dir) throws IOException {
        if (kind.equals("h2")) {
            Path data = dir.resolve("data");
            if (Files.exists(data)) {
                try (var files = Files.walk(data)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
            return List.of("-Dbridge.store.url=jdbc:h2:file:" + data.resolve("bridge") + ";DB_CLOSE_ON_EXIT=FALSE");
        }
        String url = System.getenv("BRIDGE_TEST_PG_URL");
        assumeTrue(url != null && !url.isBlank(), "BRIDGE_TEST_PG_URL is not set: PostgreSQL crash test skipped "
                + "(.ci/run starts a PostgreSQL for it)");
        List<String> properties = new ArrayList<>(List.of("-Dbridge.store.url=" + url));
        String user = System.getenv("BRIDGE_TEST_PG_USER");
        if (user != null && !user.isBlank()) {
            properties.add("-Dbridge.store.username=" + user);
        }
        String password = System.getenv("BRIDGE_TEST_PG_PASSWORD");
        if (password != null && !password.isBlank()) {
            properties.add("-Dbridge.store.password=" + password);
        }
        return properties;
    }

    private Process start(Path dir, String name, int port, int management, List<String> store) throws Exception {
        List<String> properties = new ArrayList<>(List.of("-Dquarkus.http.port=" + port,
                "-Dquarkus.management.port=" + management, "-Dbridge.admin.password=" + ADMIN_PASSWORD,
                "-Dbridge.logging.json=false", "-Dbridge.audit.log-json=false",
                "-Dbridge.security.rate-limit.requests-per-second=0"));
        properties.addAll(store);
        Path log = dir.resolve(name + ".log");
        Process p = PackagedJar.start(dir, log, properties);
        processes.add(p);
        assertTrue(PackagedJar.waitUntil(START, () -> status(port, "/q/health/live") == 200),
                () -> "the bridge did not start: " + PackagedJar.read(log));
        return p;
    }

    /** POST /Users; the id when answered 201, {@code null} for any other outcome (refused, cut off by the kill). */
    private String create(int port, String userName) {
        String body = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName
                + "\",\"name\":{\"givenName\":\"Crash\",\"familyName\":\"Test\"},\"emails\":[{\"value\":\"" + userName
                + "\",\"type\":\"work\",\"primary\":true}],\"active\":true}";
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/scim/v2/Users"))
                    .timeout(Duration.ofSeconds(20))
                    .header("Authorization", "Bearer demo-scim-token")
                    .header("Content-Type", "application/scim+json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 201 ? json.readTree(r.body()).path("id").asText(null) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The resource ids of the successful POST /Users events since {@code from}, from the admin API. */
    private Set<String> auditedCreates(int management, Instant from) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management
                + "/admin/audit?kind=scim&outcome=success&limit=1000&from="
                + URLEncoder.encode(from.toString(), StandardCharsets.UTF_8)))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        Set<String> ids = new HashSet<>();
        for (JsonNode e : json.readTree(r.body())) {
            if ("POST".equals(e.path("action").asText()) && "Users".equals(e.path("resourceType").asText())) {
                ids.add(e.path("resourceId").asText());
            }
        }
        return ids;
    }

    private int status(int port, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
