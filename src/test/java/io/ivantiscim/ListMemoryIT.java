package io.ivantiscim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Issue 15: many concurrent large list pages on a small heap. The packaged jar runs as {@code make run} runs it
 * (serial collector) but on a 48 MiB heap, against a separate emulator process holding 6,000 generated Employees;
 * 40 clients ask for pages of 1,000 at once, as the bench's concurrent import did when the heap ran out. Every page
 * must be answered 200 (or 503 with {@code Retry-After}, the memory bound's answer when no room was found in time),
 * never 500 or a dropped connection, the log must show no {@code OutOfMemoryError}, and afterwards the store still
 * takes writes: a create's audit event is stored and the bridge is ready.
 */
class ListMemoryIT {

    private static final int EMPLOYEES = 6_000;
    private static final int PAGES = 40;
    private static final int COUNT = 1_000;
    private static final String TOKEN = "list-memory-it-token";
    private static final String ADMIN_PASSWORD = "list-memory-admin";
    private static final Duration START = Duration.ofSeconds(90);

    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stop() throws InterruptedException {
        PackagedJar.stopAll(processes);
    }

    @Test
    void concurrentPagesOfAThousandOnA48MiBHeapNeverRunItOut() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/list-memory-it/" + UUID.randomUUID()).toAbsolutePath());
        int emulatorPort = PackagedJar.freePort();
        int port = PackagedJar.freePort();
        int management = PackagedJar.freePort();
        Path emulatorLog = dir.resolve("emulator.log");
        Path bridgeLog = dir.resolve("bridge.log");
        processes.add(PackagedJar.start(dir, emulatorLog, List.of("-Dquarkus.http.port=" + emulatorPort,
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.management.port=" + PackagedJar.freePort(),
                "-Dbridge.emulator.standalone=true", "-Dbridge.emulator.generate=" + EMPLOYEES,
                "-Dbridge.emulator.faults.daily-call-limit=2000000000", "-Dquarkus.log.level=WARN")));
        // Started beside the emulator, not after it: the start-up check would fail on a tenant not yet listening.
        processes.add(PackagedJar.start(dir, bridgeLog, List.of("-XX:+UseSerialGC", "-Xmx48m",
                "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.management.port=" + management,
                "-Dbridge.ivanti.url=http://127.0.0.1:" + emulatorPort + "/emulator",
                "-Dbridge.ivanti.auth.api-key=demo-ivanti-key", "-Dbridge.ivanti.startup-check=false",
                "-Dbridge.security.bootstrap-token=" + TOKEN, "-Dbridge.admin.password=" + ADMIN_PASSWORD,
                "-Dbridge.ivanti.limits.requests-per-minute=0", "-Dbridge.security.rate-limit.requests-per-second=0",
                "-Dbridge.store.url=jdbc:h2:file:" + dir.resolve("data/bridge") + ";DB_CLOSE_ON_EXIT=FALSE",
                "-Dbridge.logging.json=false", "-Dbridge.audit.log-json=false")));
        assertTrue(PackagedJar.waitUntil(START, () -> status("http://127.0.0.1:" + emulatorPort
                + "/emulator/_emulator/stats") == 200), () -> "the emulator did not start: "
                        + PackagedJar.read(emulatorLog));
        assertTrue(PackagedJar.waitUntil(START, () -> status("http://127.0.0.1:" + port + "/q/health/ready") == 200),
                () -> "the bridge did not become ready: " + PackagedJar.read(bridgeLog));

        ExecutorService clients = Executors.newFixedThreadPool(PAGES);
        List<Future<String>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < PAGES; i++) {
                // Full pages only: some generated Employees are not visible (terminated): the last thousand is short.
                int startIndex = (i % (EMPLOYEES / COUNT - 1)) * COUNT + 1;
                answers.add(clients.submit(() -> page(port, startIndex)));
            }
            Map<String, Integer> outcomes = new TreeMap<>();
            for (Future<String> a : answers) {
                outcomes.merge(a.get(), 1, Integer::sum);
            }
            String log = PackagedJar.read(bridgeLog);
            assertFalse(log.contains("OutOfMemoryError"), () -> "the heap ran out; answers " + outcomes);
            assertTrue(outcomes.keySet().stream().allMatch(o -> o.equals("200") || o.equals("503 Retry-After")),
                    () -> "answers other than 200 and 503 with Retry-After: " + outcomes);
            assertTrue(outcomes.getOrDefault("200", 0) > 0, () -> "no page was served: " + outcomes);
        } finally {
            clients.shutdownNow();
        }

        // The store still takes writes: a create's audit event reaches it, and the bridge stays ready.
        String userName = "after-pages-" + UUID.randomUUID() + "@example.com";
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/scim/v2/Users")).header("Content-Type", "application/scim+json")
                .POST(HttpRequest.BodyPublishers.ofString(user(userName))));
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(audited(management).contains(userName), "the create after the pages has no audit event");
        assertEquals(200, status("http://127.0.0.1:" + port + "/q/health/ready"));
    }

    /** One page: "200" when it is complete, "503 Retry-After" for the bound's refusal, else what came back. */
    private String page(int port, int startIndex) {
        try {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/scim/v2/Users?count=" + COUNT + "&startIndex=" + startIndex)).GET());
            if (r.statusCode() == 200) {
                JsonNode body = json.readTree(r.body());
                return body.path("Resources").size() == COUNT && body.path("itemsPerPage").asInt() == COUNT
                        ? "200"
                        : "200 with " + body.path("Resources").size() + " resources";
            }
            if (r.statusCode() == 503 && r.headers().firstValue("Retry-After").isPresent()
                    && r.body().contains("urn:ietf:params:scim:api:messages:2.0:Error")) {
                return "503 Retry-After";
            }
            return Integer.toString(r.statusCode());
        } catch (IOException e) {
            return e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Okta's request timeout (docs/idp-contracts.md §2.3): a page not answered by then failed for the IdP. */
    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The userNames of the stored successful SCIM events (the audit API stores what is queued first). */
    private List<String> audited(int management) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management
                + "/admin/audit?kind=scim&outcome=success&limit=1000"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        List<String> names = new ArrayList<>();
        json.readTree(r.body()).forEach(e -> names.add(e.path("userName").asText()));
        return names;
    }

    private int status(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String user(String userName) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName
                + "\",\"name\":{\"givenName\":\"List\",\"familyName\":\"Memory\"},\"emails\":[{\"value\":\""
                + userName + "\",\"type\":\"work\",\"primary\":true}],\"active\":true}";
    }
}
