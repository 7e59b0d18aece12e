package io.ivantiscim.store;

import static io.ivantiscim.security.Admin.admin;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.h2.tools.Server;
import org.junit.jupiter.api.Test;

import io.ivantiscim.PackagedJar;
import io.ivantiscim.scim.Scim;
import io.ivantiscim.security.Admin;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Issue 15: a store that went away (the database closed itself after a fatal error, the server restarted) is reopened
 * by the pool, so later writes succeed, the readiness check says DOWN while it is gone and UP once it is back, and the
 * audit events of the outage are stored afterwards. The store is an H2 database behind an H2 TCP server in this JVM,
 * which the test shuts down ({@code SHUTDOWN}, what H2 does itself on a fatal error) or stops and starts again (a
 * PostgreSQL restart, as the chart deploys it).
 */
@QuarkusTest
@TestProfile(StoreRecoveryTest.Profile.class)
class StoreRecoveryTest {

    private static final Duration RECOVERY = Duration.ofSeconds(30);

    /** The store behind a TCP server; a commit timeout short enough for the outage's writes to answer quickly. */
    public static class Profile implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bridge.audit.commit-timeout", "1s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(TcpStore.class));
        }
    }

    /** An H2 TCP server on a free port, started before the bridge, that the test can stop and start again. */
    public static class TcpStore implements QuarkusTestResourceLifecycleManager {

        private static Server server;
        private static int port;
        private static Path dir;

        @Override
        public Map<String, String> start() {
            try {
                dir = Files.createDirectories(Path.of("target/store-recovery/" + UUID.randomUUID()).toAbsolutePath());
                try (ServerSocket socket = new ServerSocket(0)) {
                    port = socket.getLocalPort();
                }
                up();
            } catch (IOException | SQLException e) {
                throw new IllegalStateException(e);
            }
            return Map.of("bridge.store.url", url());
        }

        static String url() {
            return "jdbc:h2:tcp://127.0.0.1:" + port + "/bridge";
        }

        static void up() throws SQLException {
            server = Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir", dir.toString(),
                    "-ifNotExists").start();
        }

        static void down() {
            server.stop();
        }

        @Override
        public void stop() {
            if (server != null) {
                server.stop();
            }
        }
    }

    @Test
    void aDatabaseThatClosedItselfIsReopenedAndWritesSucceed() throws Exception {
        String label = "recover-" + UUID.randomUUID().toString().substring(0, 8);
        Admin.generate(label);

        // What H2 does on a fatal error: the database closes, and every pooled connection to it is dead.
        try (Connection c = DriverManager.getConnection(TcpStore.url(), "sa", "");
                Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }

        // Before the pool checked and replaced its connections, every store write failed (500) until a restart.
        assertTrue(PackagedJar.waitUntil(RECOVERY, () -> admin().post("/admin/connections/" + label + "/tokens")
                .statusCode() == 201), "no token could be written after the database closed");
        assertEquals("UP", storeCheck().getString("status"), () -> storeCheck().prettify());
        assertTrue(PackagedJar.waitUntil(RECOVERY, () -> audited("token", "connection", label).size() == 2),
                () -> "the token events are not all in the store: " + audited("token", "connection", label));
    }

    @Test
    void readinessIsDownWhileTheStoreIsGoneAndTheOutagesAuditIsStoredAfterwards() throws Exception {
        String userName = "outage-" + UUID.randomUUID() + "@example.com";
        TcpStore.down();
        try {
            assertTrue(PackagedJar.waitUntil(RECOVERY, () -> "DOWN".equals(storeCheck().getString("status"))),
                    () -> "the readiness check did not notice the store was gone: " + storeCheck().prettify());
            given().get("/q/health/ready").then().statusCode(503);
            // Provisioning goes on (its audit event waits in the queue): the IdP's change is not refused.
            Scim.as(Scim.TOKEN).body(user(userName)).post("/Users").then().statusCode(201);
        } finally {
            TcpStore.up();
        }
        assertTrue(PackagedJar.waitUntil(RECOVERY, () -> "UP".equals(storeCheck().getString("status"))),
                () -> "the store did not come back: " + storeCheck().prettify());
        given().get("/q/health/ready").then().statusCode(200);
        Admin.generate("recover-" + UUID.randomUUID().toString().substring(0, 8));
        // The create's event waited in the audit queue through the outage; it is stored, not lost.
        assertTrue(PackagedJar.waitUntil(RECOVERY, () -> audited("scim", "outcome", "success").contains(userName)),
                "the create made while the store was gone has no audit event");
    }

    /** The userNames (token events: actions) of the stored audit events of {@code kind} with {@code key=value}. */
    private static List<String> audited(String kind, String key, String value) {
        JsonPath events = admin().queryParam("kind", kind).queryParam(key, value).queryParam("limit", "1000")
                .get("/admin/audit").then().statusCode(200).extract().jsonPath();
        return events.getList(kind.equals("token") ? "action" : "userName", String.class);
    }

    /** The {@code store} entry of the readiness answer. */
    private static JsonPath storeCheck() {
        JsonPath ready = given().get("/q/health/ready").then().extract().jsonPath();
        return new JsonPath(ready.prettify()).setRootPath("checks.find { it.name == 'store' }");
    }

    private static String user(String userName) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName
                + "\",\"name\":{\"givenName\":\"Out\",\"familyName\":\"Age\"},\"emails\":[{\"value\":\"" + userName
                + "\",\"type\":\"work\",\"primary\":true}],\"active\":true}";
    }
}
