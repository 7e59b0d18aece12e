package io.ivantiscim.scim;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.ivantiscim.emulator.EmulatorClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Clearing a value, in every shape the IdPs send (docs/idp-contracts.md §4: "null/empty PATCH clears attributes",
 * Entra's manager removal as a Replace with an empty value): the Ivanti field is cleared and the resource reads back
 * without the attribute.
 */
@QuarkusTest
class ClearingValuesTest {

    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private static String patch(String operation) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[" + operation + "]}";
    }

    private static String userWithTitle() {
        String login = EmulatorClient.uniqueLogin("clear") + "@example.test";
        String body = IdpBodies.load("okta-create-user.json", login).replaceFirst("\\{",
                "{\"title\":\"Analyst\",");
        return Scim.idp().body(body).post("/Users").then().statusCode(201).body("title", equalTo("Analyst"))
                .extract().path("id");
    }

    /** Each row: the operation as the IdP sends it (RFC 7644 §3.5.2.2/§3.5.2.3, Entra's no-path Replace). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"op\":\"replace\",\"path\":\"title\",\"value\":\"\"}",
            "{\"op\":\"replace\",\"path\":\"title\",\"value\":null}",
            "{\"op\":\"remove\",\"path\":\"title\"}",
            "{\"op\":\"Replace\",\"value\":{\"title\":\"\"}}"
    })
    void everyShapeOfClearingClearsTheField(String operation) {
        assertCleared(userWithTitle(), operation);
    }

    private void assertCleared(String id, String operation) {
        Scim.idp().body(patch(operation)).patch("/Users/" + id).then().statusCode(200).body("title", nullValue());
        Scim.idp().get("/Users/" + id).then().statusCode(200).body("title", nullValue());
    }

    @Test
    void entraRemovesTheManagerWithAReplaceOfAnEmptyValue() {
        String managerLogin = EmulatorClient.uniqueLogin("clear.boss") + "@contoso.test";
        String managerId = Scim.idp().body(IdpBodies.load("entra-create-user.json", managerLogin)).post("/Users")
                .then().statusCode(201).extract().path("id");
        String id = userWithTitle();
        for (String empty : List.of("\"\"", "null", "{\"value\":\"\"}")) {
            Scim.idp().body(patch("{\"op\":\"Add\",\"path\":\"" + ENTERPRISE + ":manager\",\"value\":\"" + managerId
                    + "\"}")).patch("/Users/" + id).then()
                    .statusCode(200).body("'" + ENTERPRISE + "'.manager.value", equalTo(managerId));
            Scim.idp().body(patch("{\"op\":\"Replace\",\"path\":\"" + ENTERPRISE + ":manager\",\"value\":" + empty
                    + "}")).patch("/Users/" + id).then()
                    .statusCode(200).body("'" + ENTERPRISE + "'.manager", nullValue());
            Scim.idp().get("/Users/" + id).then().statusCode(200).body("'" + ENTERPRISE + "'.manager", nullValue());
        }
    }
}
