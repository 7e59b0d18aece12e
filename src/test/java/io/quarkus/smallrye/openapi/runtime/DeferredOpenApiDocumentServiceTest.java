package io.quarkus.smallrye.openapi.runtime;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;

import io.ivantiscim.security.Admin;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The OpenAPI document on the management port, as JSON and as YAML. {@code DeferredOpenApiDocumentServiceIT} sends the
 * same requests to the packaged jar, the only build in which the document is built on its first request rather than
 * at start-up ({@link DeferredOpenApiDocumentService}).
 */
@QuarkusTest
class DeferredOpenApiDocumentServiceTest {

    @Test
    void servesTheDocumentAsJsonAndYamlOnTheManagementPort() {
        given().port(Admin.port()).get("/q/openapi.json").then()
                .statusCode(200)
                .contentType(containsString("application/json"))
                .body(containsString("\"openapi\""))
                .body(containsString("\"/scim/v2/Users/{id}\""));
        given().port(Admin.port()).get("/q/openapi").then()
                .statusCode(200)
                .contentType(containsString("yaml"))
                .body(containsString("/scim/v2/Groups/{id}:"));
    }
}
