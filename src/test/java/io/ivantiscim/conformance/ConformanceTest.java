package io.ivantiscim.conformance;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;

/**
 * {@link ConformanceChecks} against the bridge on its built-in emulator, with the built-in mapping, plus the checks
 * that need the enterprise {@code manager} it maps.
 */
@QuarkusTest
class ConformanceTest extends InProcessConformance {

    /** Entra removes the manager as a Replace with an empty value (docs/idp-contracts.md §4.6), on the default mapping. */
    @Test
    void entraManagerRemovalByEmptyReplace() {
        String manager = createUser(null);
        String id = createUser(manager);
        scim().get("/Users/" + id).then().statusCode(200)
                .body("'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'.manager.value", equalTo(manager));
        scim().body("{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[{\"op\":\"Replace\",\"path\":"
                + "\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager\",\"value\":\"\"}]}")
                .patch("/Users/" + id).then().statusCode(200);
        scim().get("/Users/" + id).then().statusCode(200)
                .body("'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'.manager", nullValue());
    }

    private String createUser(String managerId) {
        String login = unique("u") + "@example.com";
        ObjectNode body = object();
        body.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User");
        body.put("userName", login);
        body.putObject("name").put("givenName", "Manager").put("familyName", "Check");
        body.putArray("emails").addObject().put("type", "work").put("value", login).put("primary", true);
        if (managerId != null) {
            body.withArray("schemas").add("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
            body.putObject("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").putObject("manager")
                    .put("value", managerId);
        }
        return scim().body(body.toString()).post("/Users").then().statusCode(201).extract().path("id");
    }
}
