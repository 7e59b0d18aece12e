package io.ivantiscim.emulator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.ivantiscim.ConfigOverrides;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The {@code bridge.emulator.*} properties reach the emulator (one restart for the whole class): on-prem base path,
 * JWT login mode, tenant offset, start-up generator, faults from configuration and other credentials.
 */
@QuarkusTest
@TestProfile(EmulatorConfigProfileTest.Profile.class)
class EmulatorConfigProfileTest {

    public static class Profile extends ConfigOverrides {

        public Profile() {
            super("bridge.emulator.base-path", "/HEAT", "bridge.emulator.login-mode", "jwt",
                    "bridge.emulator.jwt-lifetime",
                    "PT10M", "bridge.emulator.tenant-offset", "-07:00", "bridge.emulator.generate", "20000",
                    "bridge.emulator.api-key", "other-key", "bridge.emulator.tenant", "acme.saasit.com",
                    "bridge.emulator.required-fields", "LoginID,LastName",
                    "bridge.emulator.relationships.employee-team", "EmployeeTeams",
                    "bridge.emulator.faults.daily-call-limit", "0", "bridge.emulator.faults.over-limit-latency-ms",
                    "0");
        }
    }

    final EmulatorClient heat = new EmulatorClient("/HEAT");

    @Test
    void configuredSwitchesApply() {
        // faults.daily-call-limit=0 from configuration: every call counts as over the docs/ivanti-api.md row 26 limit.
        long throttled = heat.calls(() -> given().header("Authorization", "rest_api_key=other-key")
                .queryParam("$top", 1).get(heat.odata("employees")).then().statusCode(200), "throttled");
        assertTrue(throttled == 1, "throttled " + throttled);
        given().header("Authorization", "rest_api_key=other-key").queryParam("$top", 1).get(heat.odata("employees"))
                .then().statusCode(200)
                .body("'@odata.context'", endsWith("/emulator/HEAT/api/odata/$metadata#employees"))
                .body("value[0].LastModDateTime", matchesPattern(".*-07:00$"));
        given().header("Authorization", "rest_api_key=" + EmulatorClient.DEFAULT_API_KEY).get(heat.odata("employees"))
                .then().statusCode(401);
        given().header("Authorization", "rest_api_key=other-key").get("/emulator/api/odata/businessobject/employees")
                .then().statusCode(404);
        String jwt = given().contentType("application/json")
                .body(Map.of("tenant", "acme.saasit.com", "username", "scim-bridge", "password", "demo-password",
                        "role",
                        "Admin"))
                .post(heat.tenant() + "/api/rest/authentication/login").then().statusCode(200).extract()
                .as(String.class);
        assertFalse(jwt.contains("#"));
        given().header("Authorization", "Bearer " + jwt).queryParam("$top", 1).get(heat.odata("employees")).then()
                .statusCode(200);
        given().header("Authorization", "rest_api_key=other-key").contentType("application/json")
                .body(Map.of("LoginID", EmulatorClient.uniqueLogin("cfg"), "LastName", "Only"))
                .post(heat.odata("employees")).then().statusCode(201);
        String xml = given().header("Authorization", "rest_api_key=other-key")
                .get(heat.tenant() + "/api/odata/employees/$metadata").asString();
        assertTrue(xml.contains("NavigationProperty Name=\"EmployeeTeams\""));
    }

    @Test
    void startUpGeneratorAndFastPaging() {
        assertTrue(heat.stats().get("employees") >= 20_000);
        for (int skip = 0; skip < 20_000; skip += 1000) {
            String login = given().header("Authorization", "rest_api_key=other-key").queryParam("$top", 100)
                    .queryParam("$skip", skip).queryParam("$orderby", "RecId").queryParam("$select", "RecId,LoginID")
                    .get(heat.odata("employees")).then().statusCode(200).extract().path("value[0].LoginID");
            given().header("Authorization", "rest_api_key=other-key")
                    .queryParam("$filter", "LoginID eq '" + login.toUpperCase() + "'").get(heat.odata("employees"))
                    .then().statusCode(200).body("'@odata.count'", equalTo(1));
        }
    }
}
