package io.ivantiscim.conformance;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

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
        return scim().body(userBody(unique("u") + "@example.com", managerId).toString()).post("/Users").then()
                .statusCode(201).extract().path("id");
    }
}
