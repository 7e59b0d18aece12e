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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Two bridge processes (the packaged jar) sharing one PostgreSQL store: a token generated through one is accepted by
 * the other, and once removed through the first it is refused by the second within the invalidation bound (5 s).
 * Runs where {@code BRIDGE_TEST_PG_URL} names a database ({@code .ci/run} starts one); skipped otherwise.
 */
class TwoReplicasIT {

    private static final String ADMIN_PASSWORD = "two-replicas-admin";
    private static final Duration BOUND = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
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
        int[] a = start(pg, "a");
        int[] b = start(pg, "b");
        waitUntil(Duration.ofSeconds(90), () -> status(a[0], "/q/health/live", null) == 200
                && status(b[0], "/q/health/live", null) == 200);

        HttpResponse<String> generated = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + a[1] + "/admin/connections/replicas-" + System.nanoTime()
                        + "/tokens"))
                .header("Authorization", basic()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, generated.statusCode(), generated.body());
        JsonNode body = json.readTree(generated.body());
        String id = body.path("info").path("id").asText();
        String token = body.path("token").asText();

        assertTrue(waitUntil(BOUND, () -> scim(b[0], token) == 200), "replica b accepts a token made on a");

        HttpResponse<String> removed = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + a[1] + "/admin/tokens/" + id))
                .header("Authorization", basic()).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, removed.statusCode(), removed.body());
        assertEquals(401, scim(a[0], token), "refused at once where it was removed");
        assertTrue(waitUntil(BOUND, () -> scim(b[0], token) == 401),
                "replica b refuses the removed token within " + BOUND);
    }

    /** Starts the packaged jar; answers {http port, management port}. */
    private int[] start(String pg, String name) throws IOException {
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
                "-Dbridge.security.tokens.invalidation-bound=" + BOUND.toSeconds() + "s"));
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
                    .timeout(Duration.ofSeconds(2));
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
