package io.ivantiscim.scim;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.ivantiscim.emulator.EmulatorClient;
import io.quarkus.test.junit.QuarkusTest;

/** Ivanti's own 400s (tenant validation the bridge cannot know) come back naming the SCIM attribute. */
@QuarkusTest
class IvantiRejectionTest {

    @Test
    void aFieldTheTenantRequiresIsNamedAsItsScimAttribute() {
        // The emulator, like a tenant, requires PrimaryEmail; SCIM does not require emails.
        String login = EmulatorClient.uniqueLogin("no.email");
        Scim.idp().body("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + login
                + "\",\"name\":{\"givenName\":\"No\",\"familyName\":\"Email\"}}").post("/Users").then()
                .statusCode(400)
                .body("status", equalTo("400"))
                .body("scimType", equalTo("invalidValue"))
                .body("detail", containsString("emails[type eq \"work\"].value"))
                .body("detail", containsString("PrimaryEmail"))
                .body("detail", not(containsString("rest_api_key")));
    }

    @Test
    void readinessIsUpOnTheEmulator() {
        io.restassured.RestAssured.given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'ivanti' }.status", equalTo("UP"));
    }
}
