package io.ivantiscim.security;

import static io.ivantiscim.security.Admin.scim;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Another replica changes the shared store directly (as it would through its own admin API); this instance must refuse
 * the token within {@code bridge.security.tokens.invalidation-bound} (200 ms in tests), with no call to its admin API.
 */
@QuarkusTest
class CrossReplicaInvalidationTest {

    private static final Duration DEADLINE = Duration.ofSeconds(5);

    @Test
    void removalOnAnotherReplicaIsSeenWithinTheBound() throws Exception {
        String[] token = cachedToken();
        otherReplica("DELETE FROM scim_token WHERE id = ?", token[0]);
        assertTrue(Admin.eventually(DEADLINE, () -> status(token[1]) == 401), "still accepted after the bound");
    }

    @Test
    void deactivationOnAnotherReplicaIsSeenWithinTheBound() throws Exception {
        String[] token = cachedToken();
        otherReplica("UPDATE scim_token SET active = FALSE WHERE id = ?", token[0]);
        assertTrue(Admin.eventually(DEADLINE, () -> status(token[1]) == 401), "still accepted after the bound");
        otherReplica("UPDATE scim_token SET active = TRUE WHERE id = ?", token[0]);
        assertTrue(Admin.eventually(DEADLINE, () -> status(token[1]) == 200), "re-activation not seen");
    }

    /** A new token (id, secret), used once so that this replica has it cached. */
    private static String[] cachedToken() throws Exception {
        String[] token = Admin.generate("entra-" + UUID.randomUUID().toString().substring(0, 8));
        scim(token[1]).get("/Users?count=1").then().statusCode(200);
        return token;
    }

    private static int status(String token) {
        return scim(token).get("/Users?count=1").statusCode();
    }

    private static void otherReplica(String sql, String id) throws Exception {
        String url = ConfigProvider.getConfig().getValue("bridge.store.url", String.class);
        try (Connection c = DriverManager.getConnection(url, "sa", ""); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, id);
            s.executeUpdate();
        }
    }
}
