package io.ivantiscim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code make check} and the bridge's own start-up failures, run as an operator runs them: the packaged jar in its own
 * process. The check runs while another process holds the H2 store file and while the ports it would use are taken
 * (it opens neither), prints one verdict line per check and exits 0 / 1 / 2; a bridge that cannot start says why in
 * one paragraph naming the property, with no stack trace. In demo mode SCIM binds to 127.0.0.1 only.
 */
class OperatorCliIT {

    private static final Duration START = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static Path dir;
    private static Process emulator;
    private static int emulatorPort;
    private static int emulatorManagementPort;
    /** Holds the H2 file lock, as a running {@code make run} does. */
    private static Connection storeInUse;
    private static String storeUrl;

    @BeforeAll
    static void startEmulatorAndLockTheStore() throws Exception {
        dir = Files.createDirectories(Path.of("target/operator-cli-it").toAbsolutePath());
        storeUrl = "jdbc:h2:file:" + dir.resolve("data/bridge") + ";DB_CLOSE_ON_EXIT=FALSE";
        storeInUse = DriverManager.getConnection(storeUrl, "sa", "");
        emulatorPort = PackagedJar.freePort();
        emulatorManagementPort = PackagedJar.freePort();
        emulator = PackagedJar.start(dir, dir.resolve("emulator.log"), List.of("-Dbridge.emulator.standalone=true",
                "-Dquarkus.http.port=" + emulatorPort, "-Dquarkus.management.port=" + emulatorManagementPort,
                "-Dbridge.logging.json=false"));
        assertTrue(PackagedJar.waitUntil(START, () -> status("http://127.0.0.1:" + emulatorPort
                + "/emulator/api/odata/businessobject/employees?$top=1") == 200),
                () -> "the emulator did not start: " + PackagedJar.read(dir.resolve("emulator.log")));
    }

    @AfterAll
    static void stop() throws Exception {
        PackagedJar.stop(emulator);
        if (storeInUse != null) {
            storeInUse.close();
        }
    }

    @Test
    void checkPassesBesideABridgeHoldingTheStoreAndThePorts() throws Exception {
        PackagedJar.Result r = check("demo-ivanti-key");
        assertEquals(0, r.exitCode(), r.output());
        List<String> lines = r.output().lines().toList();
        assertEquals(List.of("OK       connection:", "OK       metadata:", "OK       mapping:"),
                lines.subList(0, 3).stream().map(l -> l.substring(0, l.indexOf(':') + 1)).toList(), r.output());
        assertEquals("Ivanti connection check: OK", lines.get(lines.size() - 1), r.output());
        assertNoStackTrace(r);
    }

    @Test
    void aRejectedKeyFailsOneCheckWithExitCode1() throws Exception {
        PackagedJar.Result r = check("wrong-key");
        assertEquals(BridgeMain.CHECK_FAILED, r.exitCode(), r.output());
        assertTrue(r.output().contains("FAILED   connection: credentials-rejected"), r.output());
        assertTrue(r.output().contains("SKIPPED  metadata:"), r.output());
        assertTrue(r.output().endsWith("Ivanti connection check: FAILED (credentials-rejected)\n"), r.output());
        assertNoStackTrace(r);
    }

    @Test
    void noTenantIsMisconfiguredWithExitCode2() throws Exception {
        PackagedJar.Result r = PackagedJar.run(dir, checkProperties(List.of()));
        assertEquals(BridgeMain.MISCONFIGURED, r.exitCode(), r.output());
        assertTrue(r.output().contains("bridge.ivanti.url (BRIDGE_IVANTI_URL)"), r.output());
        assertTrue(r.output().endsWith("Ivanti connection check: NOT CONFIGURED\n"), r.output());
        assertNoStackTrace(r);
    }

    @Test
    void aConfigurationErrorIsMisconfiguredAndNamesTheProperty() throws Exception {
        PackagedJar.Result r = PackagedJar.run(dir, checkProperties(List.of("-Dbridge.ivanti.url=" + tenant(),
                "-Dbridge.ivanti.auth.mode=oauth2", "-Dbridge.ivanti.auth.oauth2.client-id=c",
                "-Dbridge.ivanti.auth.oauth2.client-secret=s3cret")));
        assertEquals(BridgeMain.MISCONFIGURED, r.exitCode(), r.output());
        assertTrue(r.output().contains("ivanti-scim-bridge did not start: bridge.ivanti.auth.oauth2.token-url"),
                r.output());
        assertFalse(r.output().contains("s3cret"), r.output());
        assertNoStackTrace(r);
    }

    @Test
    void aBridgeWhoseStoreIsInUseSaysSoInOneParagraph() throws Exception {
        PackagedJar.Result r = PackagedJar.run(dir, List.of("-Dquarkus.http.port=" + PackagedJar.freePort(),
                "-Dquarkus.management.port=" + PackagedJar.freePort(), "-Dbridge.logging.json=false",
                "-Dbridge.store.url=" + storeUrl, "-Dbridge.ivanti.url=" + tenant(),
                "-Dbridge.ivanti.auth.api-key=demo-ivanti-key"));
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().contains("ivanti-scim-bridge did not start: the store file of bridge.store.url "
                + "(BRIDGE_STORE_URL) is in use by another process"), r.output());
        assertNoStackTrace(r);
    }

    @Test
    void aRejectedKeyAtStartStopsTheBridgeBeforeItListens() throws Exception {
        PackagedJar.Result r = PackagedJar.run(dir, List.of("-Dquarkus.http.port=" + PackagedJar.freePort(),
                "-Dquarkus.management.port=" + PackagedJar.freePort(), "-Dbridge.logging.json=false",
                "-Dbridge.store.url=jdbc:h2:mem:rejected-at-start", "-Dbridge.ivanti.url=" + tenant(),
                "-Dbridge.ivanti.auth.api-key=wrong-key"));
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().contains("ivanti-scim-bridge did not start. FAILED (credentials-rejected)"), r.output());
        assertTrue(r.output().contains("Fix the credential: bridge.ivanti.auth.api-key"), r.output());
        assertFalse(r.output().contains("Listening on"), r.output());
        assertNoStackTrace(r);
    }

    @Test
    void demoModeListensOnLoopbackOnlyAndSaysSo() throws Exception {
        String log = serve(List.of());
        assertTrue(log.matches("(?s).*Listening on: http://127\\.0\\.0\\.1:\\d+.*"), log);
        assertTrue(log.contains("Demo mode: the demo token and/or demo admin password are accepted, so SCIM listens "
                + "on 127.0.0.1 only"), log);
    }

    @Test
    void realCredentialsListenOnEveryInterface() throws Exception {
        String log = serve(List.of("-Dbridge.security.bootstrap-token=a-real-token-" + System.nanoTime(),
                "-Dbridge.admin.password=a-real-password-" + System.nanoTime()));
        assertTrue(log.matches("(?s).*Listening on: http://0\\.0\\.0\\.0:\\d+.*"), log);
        assertFalse(log.contains("Demo mode"), log);
    }

    /** Starts a bridge on the emulator with its own store, returns its log once it listens, and stops it. */
    private static String serve(List<String> extra) throws Exception {
        Path work = Files.createTempDirectory(dir, "serve");
        Path log = work.resolve("bridge.log");
        List<String> properties = new ArrayList<>(List.of("-Dquarkus.http.port=" + PackagedJar.freePort(),
                "-Dquarkus.management.port=" + PackagedJar.freePort(), "-Dbridge.logging.json=false",
                "-Dbridge.ivanti.startup-check=false"));
        properties.addAll(extra);
        Process p = PackagedJar.start(work, log, properties);
        try {
            assertTrue(PackagedJar.waitUntil(START, () -> PackagedJar.read(log).contains("Listening on")
                    && (extra.isEmpty() == PackagedJar.read(log).contains("Demo mode"))),
                    () -> "the bridge did not start: " + PackagedJar.read(log));
            return PackagedJar.read(log);
        } finally {
            PackagedJar.stop(p);
        }
    }

    private static PackagedJar.Result check(String apiKey) throws Exception {
        return PackagedJar.run(dir, checkProperties(List.of("-Dbridge.ivanti.url=" + tenant(),
                "-Dbridge.ivanti.auth.api-key=" + apiKey)));
    }

    /** Check mode on the emulator's own ports and the locked store: it fails if it binds or opens either. */
    private static List<String> checkProperties(List<String> extra) {
        List<String> properties = new ArrayList<>(List.of("-Dbridge.ivanti.check-and-exit=true",
                "-Dquarkus.http.port=" + emulatorPort, "-Dquarkus.management.port=" + emulatorManagementPort,
                "-Dbridge.store.url=" + storeUrl, "-Dbridge.logging.json=false"));
        properties.addAll(extra);
        return properties;
    }

    private static String tenant() {
        return "http://127.0.0.1:" + emulatorPort + "/emulator";
    }

    private static void assertNoStackTrace(PackagedJar.Result r) {
        assertFalse(r.output().contains("\tat ") || r.output().contains("Exception:"), r.output());
    }

    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2))
                    .header("Authorization", "rest_api_key=demo-ivanti-key").build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
