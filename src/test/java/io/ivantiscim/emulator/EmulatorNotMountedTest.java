package io.ivantiscim.emulator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.ivantiscim.ConfigOverrides;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** With a real tenant configured (and not standalone) the emulator registers nothing. */
@QuarkusTest
@TestProfile(EmulatorNotMountedTest.Profile.class)
class EmulatorNotMountedTest {

    public static class Profile extends ConfigOverrides {

        public Profile() {
            // A real tenant URL: the client needs its key at start-up, and the start-up check must not call out.
            super("bridge.ivanti.url", "https://acme.ivanticloud.com", "bridge.ivanti.auth.api-key", "test-key",
                    "bridge.ivanti.startup-check", "false");
        }
    }

    @Test
    void emulatorIsAbsent() {
        given().header("Authorization", "rest_api_key=" + EmulatorClient.DEFAULT_API_KEY)
                .get("/emulator/api/odata/businessobject/employees").then().statusCode(404)
                .body(not(containsString("ISM_4004")));
        given().post(EmulatorClient.HOOKS + "/reset").then().statusCode(404);
    }
}
