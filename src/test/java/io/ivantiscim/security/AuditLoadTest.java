package io.ivantiscim.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A load of SCIM requests ({@code -Dbridge.test.audit-load}, 10 000 by default) from 4 clients on one connection: every
 * one is in the audit trail. The requests name an id that cannot exist, so they cost no Ivanti call and the test
 * measures the audit path alone.
 */
@QuarkusTest
class AuditLoadTest {

    private static final int REQUESTS = Integer.getInteger("bridge.test.audit-load", 10_000);

    @TestHTTPResource("/scim/v2/Users/")
    URI users;

    @Test
    void noAuditRecordIsLost() throws Exception {
        String label = "load-" + UUID.randomUUID().toString().substring(0, 8);
        String token = Admin.generate(label)[1];
        HttpClient client = HttpClient.newHttpClient();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                URI uri = users.resolve("no-such-user-" + i);
                results.add(pool.submit(() -> client.send(HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + token).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode()));
            }
            for (Future<Integer> r : results) {
                assertEquals(404, r.get());
            }
        } finally {
            pool.shutdown();
        }
        Admin.flush();
        int audited = Admin.admin().queryParam("connection", label).queryParam("kind", "scim")
                .queryParam("limit", 1000).get("/admin/audit").then().statusCode(200)
                .extract().jsonPath().getList("id").size();
        assertEquals(Math.min(REQUESTS, 1000), audited);
        // Past the API's page limit: count in the store itself (the test shares the in-memory database).
        String url = ConfigProvider.getConfig().getValue("bridge.store.url", String.class);
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                PreparedStatement s = c.prepareStatement("SELECT COUNT(*), COUNT(DISTINCT resource_id) FROM "
                        + "audit_event WHERE connection = ? AND kind = 'scim'")) {
            s.setString(1, label);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                assertEquals(REQUESTS, r.getInt(1));
                assertEquals(REQUESTS, r.getInt(2));
            }
        }
    }
}
