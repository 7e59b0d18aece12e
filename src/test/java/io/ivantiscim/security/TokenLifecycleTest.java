package io.ivantiscim.security;

import static io.ivantiscim.security.Admin.admin;
import static io.ivantiscim.security.Admin.scim;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** The token lifecycle through the admin API, and its effect on {@code /scim/v2}. */
@QuarkusTest
class TokenLifecycleTest {

    private final String label = "okta-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void generateTwoThirdRefusedDeactivateRenewRemove() {
        String[] first = Admin.generate(label);
        String[] second = Admin.generate(label);
        assertTrue(first[1].startsWith("ivscim_") && first[1].length() >= 7 + 43, "256-bit secret with a prefix");

        admin().post("/admin/connections/" + label + "/tokens").then().statusCode(409)
                .body("error", containsString("already has two tokens"))
                .body("error", containsString("To rotate"));

        // Listing never shows the secret.
        String listing = admin().get("/admin/connections/" + label + "/tokens").then().statusCode(200)
                .body("id", hasItems(first[0], second[0]))
                .body("state", hasItems("active"))
                .extract().asString();
        assertTrue(!listing.contains(first[1]) && !listing.contains(second[1]));

        scim(first[1]).get("/Users?count=1").then().statusCode(200);
        scim(second[1]).get("/Users?count=1").then().statusCode(200);

        admin().post("/admin/tokens/" + first[0] + "/deactivate").then().statusCode(200).body("state",
                org.hamcrest.Matchers.is("inactive"));
        scim(first[1]).get("/Users?count=1").then().statusCode(401);
        scim(second[1]).get("/Users?count=1").then().statusCode(200);

        admin().post("/admin/tokens/" + first[0] + "/activate").then().statusCode(200);
        scim(first[1]).get("/Users?count=1").then().statusCode(200);

        String renewed = admin().post("/admin/tokens/" + first[0] + "/renew").then().statusCode(200)
                .body("info.renewed", not(nullValue()))
                .body("token", startsWith("ivscim_"))
                .extract().path("token");
        scim(first[1]).get("/Users?count=1").then().statusCode(401);
        scim(renewed).get("/Users?count=1").then().statusCode(200);

        admin().delete("/admin/tokens/" + first[0]).then().statusCode(204);
        scim(renewed).get("/Users?count=1").then().statusCode(401);
        admin().delete("/admin/tokens/" + first[0]).then().statusCode(404);

        // A slot is free again: rotation goes on.
        Admin.generate(label);

        Admin.flush();
        List<String> actions = admin().queryParam("connection", label).queryParam("kind", "token")
                .get("/admin/audit").then().statusCode(200)
                .body("actor", hasItems("admin"))
                .extract().jsonPath().getList("action");
        assertEquals(List.of("Created", "Deleted", "Renewed", "Enabled", "Disabled", "Created", "Created"), actions);
        admin().queryParam("connection", label).queryParam("kind", "token").get("/admin/audit").then()
                .body("detail", hasItems(containsString("(IdP " + label + ")")));
    }

    @Test
    void scimRequestsAreAuditedUnderTheirConnection() {
        String[] token = Admin.generate(label);
        String userName = "audit-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String id = scim(token[1]).header("X-Correlation-Id", "corr-" + label)
                .body(io.ivantiscim.scim.IdpBodies.load("okta-create-user.json", userName))
                .post("/Users").then().statusCode(201).header("X-Correlation-Id", "corr-" + label)
                .extract().path("id");
        scim(token[1]).get("/Users/does-not-exist").then().statusCode(404);

        Admin.flush();
        admin().queryParam("connection", label).queryParam("kind", "scim").queryParam("resourceId", id)
                .get("/admin/audit").then().statusCode(200)
                .body("[0].action", org.hamcrest.Matchers.is("POST"))
                .body("[0].resourceType", org.hamcrest.Matchers.is("Users"))
                .body("[0].userName", org.hamcrest.Matchers.is(userName))
                .body("[0].status", org.hamcrest.Matchers.is(201))
                .body("[0].outcome", org.hamcrest.Matchers.is("success"))
                .body("[0].ivantiCalls", org.hamcrest.Matchers.is(2))
                .body("[0].correlationId", org.hamcrest.Matchers.is("corr-" + label))
                .body("[0].actor", org.hamcrest.Matchers.is(token[0]));
        admin().queryParam("connection", label).queryParam("outcome", "failure").get("/admin/audit").then()
                .body("[0].status", org.hamcrest.Matchers.is(404))
                .body("[0].resourceId", org.hamcrest.Matchers.is("does-not-exist"));
    }

    @Test
    void adminApiNeedsTheAdminCredentialAndIsNotOnTheScimPort() {
        Admin.anonymous().get("/admin/tokens").then().statusCode(401);
        Admin.anonymous().auth().preemptive().basic("admin", "wrong").get("/admin/tokens").then().statusCode(401);
        RestAssured.given().auth().preemptive().basic("admin", Admin.PASSWORD).get("/admin/tokens").then()
                .statusCode(404);
        admin().post("/admin/connections/Bad Label!/tokens").then().statusCode(400);
        admin().get("/admin/audit?from=yesterday").then().statusCode(400);
    }

    @Test
    void bootstrapTokenStillWorks() {
        io.ivantiscim.scim.Scim.idp().get("/Users?count=1").then().statusCode(200);
    }
}
