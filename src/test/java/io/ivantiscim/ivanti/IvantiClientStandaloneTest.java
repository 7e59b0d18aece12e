package io.ivantiscim.ivanti;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.ivantiscim.ConfigOverrides;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The emulator alone ({@code make emulator}, the bench's and the soak's emulator process) serves no SCIM: its Ivanti
 * client, pointed at itself, keeps no idle-time readiness probe in the background.
 */
@QuarkusTest
@TestProfile(IvantiClientStandaloneTest.Profile.class)
class IvantiClientStandaloneTest {

    public static class Profile extends ConfigOverrides {

        public Profile() {
            super("bridge.emulator.standalone", "true");
        }
    }

    @Inject
    IvantiClient ivanti;

    @Test
    void theEmulatorAloneProbesNothing() {
        assertFalse(ivanti.probes());
    }

    @Test
    void theEmulatorStillAnswers() {
        given().header("Authorization", "rest_api_key=demo-ivanti-key")
                .get("/emulator/api/odata/businessobject/employees?$top=1").then().statusCode(200);
    }
}
