package io.ivantiscim.ivanti;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.ivantiscim.ConfigOverrides;
import io.ivantiscim.emulator.EmulatorClient;
import io.ivantiscim.scim.Scim;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * OAuth2 client credentials against the emulator's token endpoint: the token is cached across requests, a 401 fetches
 * a new one and retries once, and a scope is forwarded.
 */
@QuarkusTest
@TestProfile(TokenAuthTest.Profile.class)
class TokenAuthTest {

    public static class Profile extends ConfigOverrides {

        public Profile() {
            super("bridge.ivanti.auth.mode", "oauth2", "bridge.ivanti.auth.oauth2.token-url",
                    "http://localhost:${quarkus.http.test-port:8081}/emulator/oauth2/token",
                    "bridge.ivanti.auth.oauth2.client-id", "scim-bridge-client",
                    "bridge.ivanti.auth.oauth2.client-secret", "demo-client-secret",
                    "bridge.ivanti.auth.oauth2.scope", "ivanti.odata", "bridge.emulator.oauth2.scope", "ivanti.odata");
        }
    }

    final EmulatorClient emu = new EmulatorClient();

    @Test
    void tokenIsCachedAndRenewedOnceAfter401() {
        String id = emu.createEmployeeId(EmulatorClient.uniqueLogin("oauth"));
        Scim.idp().get("/Users/" + id).then().statusCode(200);
        Map<String, Long> d = emu.deltas(() -> {
            for (int i = 0; i < 5; i++) {
                Scim.idp().get("/Users/" + id).then().statusCode(200);
            }
        }, "oauth2.token", "auth.failed");
        assertEquals(Map.of("oauth2.token", 0L, "auth.failed", 0L), d);
        emu.expireSessions(); // the IdP revoked the token
        d = emu.deltas(() -> Scim.idp().get("/Users/" + id).then().statusCode(200), "oauth2.token", "auth.failed");
        assertEquals(Map.of("oauth2.token", 1L, "auth.failed", 1L), d);
    }

    @Test
    void refusedClientIsA502() {
        emu.settings(Map.of("oauth2ClientSecret", "rotated"));
        try {
            emu.expireSessions();
            String body = Scim.idp().get("/Users/0123456789ABCDEF0123456789ABCDEF").then().statusCode(502).extract()
                    .asString();
            assertEquals(false, body.contains("demo-client-secret"), body);
        } finally {
            emu.resetSettings();
        }
    }
}
