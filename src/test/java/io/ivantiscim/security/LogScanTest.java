package io.ivantiscim.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.ivantiscim.emulator.EmulatorClient;
import io.ivantiscim.scim.IdpBodies;
import io.ivantiscim.scim.Scim;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Exercises the auth paths of this profile (generated SCIM token, wrong token, bootstrap token, admin credential, the
 * Ivanti API key on every Ivanti call, an Ivanti session login, Okta's placeholder password) with debug logging on,
 * then searches the log file for every one of those secrets.
 */
@QuarkusTest
class LogScanTest {

    private static final Path LOG = Path.of("target/test-logs/bridge.log");

    @Test
    void noSecretReachesTheLog() throws IOException {
        String[] generated = Admin.generate(EmulatorClient.uniqueLogin("logscan").replace('.', '-'));
        String secret = generated[1];
        String login = EmulatorClient.uniqueLogin("logscan.user") + "@example.test";
        String userPassword = "1mz050nq";
        Admin.scim(secret).body(IdpBodies.load("okta-create-user.json", login)).post("/Users").then()
                .statusCode(201);
        Admin.scim(secret + "x").get("/Users").then().statusCode(401);
        Admin.scim("ivscim_not-a-real-token").get("/Users").then().statusCode(401);
        Scim.idp().get("/Users?count=1").then().statusCode(200);
        Admin.anonymous().auth().preemptive().basic("admin", "wrong-password").get("/admin/tokens").then()
                .statusCode(401);
        Admin.admin().post("/admin/tokens/" + generated[0] + "/renew").then().statusCode(200);
        String sessionKey = new EmulatorClient().login();
        given().header("Authorization", sessionKey + "tampered").get(new EmulatorClient().odata("employees")).then()
                .statusCode(401);
        Admin.flush();

        assertTrue(Files.exists(LOG), "the test profile logs to " + LOG);
        String log = Files.readString(LOG);
        assertFalse(log.isEmpty(), "the log file is empty: nothing was scanned");
        Map<String, String> secrets = Map.of(
                "generated SCIM token", secret,
                "bootstrap SCIM token", Scim.TOKEN,
                "admin password", Admin.PASSWORD,
                "Ivanti API key", EmulatorClient.DEFAULT_API_KEY,
                "Ivanti session key", sessionKey,
                "emulator login password", "demo-password",
                "user password from the IdP", userPassword);
        secrets.forEach((what, value) -> assertFalse(log.contains(value), what + " appears in " + LOG));
    }
}
