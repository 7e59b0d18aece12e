package io.ivantiscim.store;

import static io.ivantiscim.PackagedJar.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Two bridge processes (the packaged jar) sharing one PostgreSQL store: a token generated through one is accepted by
 * the other, and once removed through the first it is refused by the second within the invalidation bound (5 s).
 * Runs where {@code BRIDGE_TEST_PG_URL} names a database ({@code .ci/run} starts one); skipped otherwise.
 * <p>
 * Every request waits for its answer with the IdP's patience (docs/idp-contracts.md §2.3): a freshly started JVM on a
 * loaded machine may take seconds over its first requests, and a 2 s client timeout then failed the test with no
 * fault in the bridge. What is timed is the server's state, never its speed: a bound is broken only by an answer to
 * a request sent after the bound had passed.
 */
class TwoReplicasIT {

    private static final String ADMIN_PASSWORD = "two-replicas-admin";
    private static final Duration BOUND = Duration.ofSeconds(5);
    /** How long one request may take: the IdP's patience (docs/idp-contracts.md §2.3). */
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /**
     * Replica a's invalidation bound: it reloads its snapshot from the store only at half this, long after the test
     * ends, so when it refuses a token it removed, only the change applied to its own snapshot at once can explain it.
     */
    private static final Duration NEVER_DURING_THE_TEST = Duration.ofHours(2);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(PATIENCE).build();
    private final ObjectMapper json = new ObjectMapper();
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void aTokenRemovedOnOneReplicaIsRefusedByTheOtherWithinTheBound() throws Exception {
        String pg = System.getenv("BRIDGE_TEST_PG_URL");
        assumeTrue(pg != null && !pg.isBlank(), "BRIDGE_TEST_PG_URL is not set: two-replica test skipped "
                + "(.ci/run starts a PostgreSQL for it)");
        int[] a = start(pg, "a", NEVER_DURING_THE_TEST);
        int[] b = start(pg, "b", BOUND);
        waitUntil(Duration.ofSeconds(90), () -> status(a[0], "/q/health/live", null) == 200
                && status(b[0], "/q/health/live", null) == 200);

        HttpResponse<String> generated = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + a[1] + "/admin/connections/replicas-" + System.nanoTime()
                        + "/tokens"))
                .header("Authorization", basic()).timeout(PATIENCE).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        long generatedAt = System.nanoTime();
        assertEquals(201, generated.statusCode(), generated.body());
        JsonNode body = json.readTree(generated.body());
        String id = body.path("info").path("id").asText();
        String token = body.path("token").asText();

        answersWithinBound(b[0], token, 200, generatedAt, "replica b accepts a token made on a");

        HttpResponse<String> removed = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + a[1] + "/admin/tokens/" + id))
                .header("Authorization", basic()).timeout(PATIENCE).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        long removedAt = System.nanoTime();
        assertEquals(204, removed.statusCode(), removed.body());
        assertEquals(401, scim(a[0], token), "refused at once where it was removed (replica a has not reloaded its "
                + "snapshot from the store since it generated the token)");
        answersWithinBound(b[0], token, 401, removedAt, "replica b refuses the removed token");
    }

    /**
     * Asks replica {@code port} with {@code token} until it answers {@code expected}; fails on any other answer to a
     * request sent more than {@link #BOUND} after {@code since}. {@code since} is when the change's own answer
     * arrived, by when the change was stored, so such an answer came from a replica still ignoring the change after
     * the bound. An answer to a request sent earlier, however slow, proves nothing either way and is asked again.
     */
    private void answersWithinBound(int port, String token, int expected, long since, String what) {
        while (true) {
            long sent = System.nanoTime();
            int status = scim(port, token);
            if (status == expected) {
                return;
            }
            long late = Duration.ofNanos(sent - since).toMillis();
            assertTrue(late <= BOUND.toMillis(), what + " within " + BOUND + ": it answered " + status
                    + " to a request sent " + late + " ms after the change");
            // A poll interval, not a wait for the outcome: the bound decides.
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    /** Starts the packaged jar; answers {http port, management port}. */
    private int[] start(String pg, String name, Duration invalidationBound) throws IOException {
        int httpPort = freePort();
        int managementPort = freePort();
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assumeTrue(Files.exists(jar), "the packaged jar is missing");
        Path log = Path.of("target/two-replicas-" + name + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + httpPort,
                "-Dquarkus.management.port=" + managementPort,
                "-Dbridge.store.url=" + pg,
                "-Dbridge.admin.password=" + ADMIN_PASSWORD,
                "-Dbridge.logging.json=false",
                "-Dbridge.security.tokens.invalidation-bound=" + invalidationBound.toSeconds() + "s"));
        String user = System.getenv("BRIDGE_TEST_PG_USER");
        if (user != null && !user.isBlank()) {
            command.add("-Dbridge.store.username=" + user);
        }
        String password = System.getenv("BRIDGE_TEST_PG_PASSWORD");
        if (password != null && !password.isBlank()) {
            command.add("-Dbridge.store.password=" + password);
        }
        command.addAll(List.of("-jar", jar.toString()));
        processes.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
        return new int[]{httpPort, managementPort};
    }

    private int scim(int port, String token) {
        return status(port, "/scim/v2/ServiceProviderConfig", "Bearer " + token);
    }

    private int status(int port, String path, String authorization) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(PATIENCE);
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
