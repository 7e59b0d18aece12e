package io.ivantiscim.scim;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.ivantiscim.emulator.EmulatorClient;
import io.quarkus.test.junit.QuarkusTest;

/** Bad input of every kind gets a precise SCIM error, and Ivanti is never written when the request is invalid. */
@QuarkusTest
class UserValidationTest {

    private static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
    private static String id;
    private static String login;
    private final EmulatorClient emulator = new EmulatorClient();

    /** One user for the whole class, created once the application is up (static @BeforeAll runs too early). */
    @BeforeEach
    void createUser() {
        if (id != null) {
            return;
        }
        login = EmulatorClient.uniqueLogin("valid.user") + "@example.test";
        id = Scim.idp().body(IdpBodies.load("okta-create-user.json", login)).post("/Users").then().statusCode(201)
                .extract().path("id");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON        | {\"userName\": | invalidSyntax",
            "empty body            | '' | invalidSyntax",
            "array body            | [1,2] | invalidSyntax",
            "missing userName      | {\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"name\":{\"givenName\":\"A\",\"familyName\":\"B\"}} | invalidValue",
            "userName not a string | {\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":{\"a\":1}} | invalidValue",
            "active not a boolean  | {\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"x@y\",\"active\":\"maybe\"} | invalidValue",
            "unknown schema URN    | {\"schemas\":[\"urn:example:nope\"],\"userName\":\"x@y\"} | invalidSyntax",
            "unknown attribute     | {\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"x@y\",\"shoeSize\":44} | invalidSyntax",
    })
    void invalidCreateIs400AndWritesNothing(String what, String body, String scimType) {
        long writes = emulator.calls(() -> Scim.idp().body(body).post("/Users").then()
                .statusCode(400)
                .body("schemas", hasItem(ERROR))
                .body("status", equalTo("400"))
                .body("scimType", equalTo(scimType))
                .body("detail", not(containsString("Exception"))), "employees.create");
        assertEquals(0, writes, what);
    }

    @Test
    void invalidPutAndPatchCostNoIvantiCall() {
        long calls = emulator.calls(() -> {
            Scim.idp().body("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":7}")
                    .put("/Users/" + id).then().statusCode(400);
            Scim.idp().body("{\"Operations\":\"nope\"}").patch("/Users/" + id).then().statusCode(400);
        }, "total");
        assertEquals(0, calls);
    }

    @Test
    void nullValuesAreTreatedAsAbsent() {
        String other = EmulatorClient.uniqueLogin("nulls") + "@example.test";
        Scim.idp().body("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + other
                + "\",\"name\":{\"givenName\":\"N\",\"familyName\":\"L\",\"middleName\":null},\"title\":null,"
                + "\"emails\":[{\"value\":\"" + other + "\",\"type\":\"work\",\"primary\":true}]}").post("/Users")
                .then()
                .statusCode(201)
                .body("$", not(org.hamcrest.Matchers.hasKey("title")));
    }

    @Test
    void oversizeBodyIs413() {
        Scim.idp().body("{\"userName\":\"" + "x".repeat(1_100_000) + "\"}").post("/Users").then()
                .statusCode(413).body("status", equalTo("413"));
    }

    @Test
    void staleIfMatchIs412AndWritesNothing() {
        String etag = Scim.idp().get("/Users/" + id).then().statusCode(200).extract().header("ETag");
        long writes = emulator.calls(() -> Scim.idp().header("If-Match", "W/\"stale\"")
                .body(EntraConversationTest.patch("replace", "title", "\"Stale\"")).patch("/Users/" + id).then()
                .statusCode(412).body("status", equalTo("412")), "employees.update");
        assertEquals(0, writes);
        Scim.idp().header("If-Match", etag).body(EntraConversationTest.patch("replace", "title", "\"Fresh\""))
                .patch("/Users/" + id).then().statusCode(200).body("title", equalTo("Fresh"));
        Scim.idp().header("If-Match", etag).delete("/Users/" + id + "x").then().statusCode(404);
    }

    /**
     * PUT, PATCH and DELETE check If-Match the same way, against the stored Employee's version (the view's
     * {@code meta.version}, computed only when the header is there): stale is 412 with nothing written, the ETag the
     * last answer carried passes.
     */
    @Test
    void putPatchAndDeleteCheckIfMatchAlike() {
        String other = EmulatorClient.uniqueLogin("if.match") + "@example.test";
        String otherId = Scim.idp().body(IdpBodies.load("okta-create-user.json", other)).post("/Users").then()
                .statusCode(201).extract().path("id");
        String body = Scim.idp().get("/Users/" + otherId).then().statusCode(200).extract().asString()
                .replace("\"givenName\":\"", "\"givenName\":\"Re");
        long writes = emulator.calls(() -> {
            Scim.idp().header("If-Match", "W/\"stale\"").body(body).put("/Users/" + otherId).then().statusCode(412)
                    .body("status", equalTo("412"));
            Scim.idp().header("If-Match", "W/\"stale\"")
                    .body(EntraConversationTest.patch("replace", "title", "\"Stale\"")).patch("/Users/" + otherId)
                    .then().statusCode(412);
            Scim.idp().header("If-Match", "W/\"stale\"").delete("/Users/" + otherId).then().statusCode(412);
        }, "employees.update");
        assertEquals(0, writes);
        String etag = Scim.idp().get("/Users/" + otherId).then().statusCode(200).extract().header("ETag");
        etag = Scim.idp().header("If-Match", etag).body(body).put("/Users/" + otherId).then().statusCode(200)
                .body("name.givenName", org.hamcrest.Matchers.startsWith("Re")).extract().header("ETag");
        etag = Scim.idp().header("If-Match", etag).body(EntraConversationTest.patch("replace", "title", "\"Fresh\""))
                .patch("/Users/" + otherId).then().statusCode(200).body("title", equalTo("Fresh")).extract()
                .header("ETag");
        Scim.idp().header("If-Match", etag).delete("/Users/" + otherId).then().statusCode(204);
        Scim.idp().get("/Users/" + otherId).then().statusCode(404);
    }

    @Test
    void readOnlyAttributesCannotBePatched() {
        long writes = emulator.calls(() -> Scim.idp().body(EntraConversationTest.patch("replace", "id", "\"other\""))
                .patch("/Users/" + id).then().statusCode(400).body("scimType", equalTo("mutability")),
                "employees.update");
        assertEquals(0, writes);
    }

    @Test
    void badPatchPathsAre400() {
        Scim.idp().body(EntraConversationTest.patch("replace", "name..givenName", "\"x\"")).patch("/Users/" + id)
                .then().statusCode(400).body("scimType", equalTo("invalidPath"));
        Scim.idp().body(EntraConversationTest.patch("frobnicate", "title", "\"x\"")).patch("/Users/" + id)
                .then().statusCode(400).body("status", equalTo("400"));
        Scim.idp().body("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":"
                + "\"remove\"}]}").patch("/Users/" + id).then().statusCode(400).body("scimType", equalTo("noTarget"));
    }

    @Test
    void wrongParameterTypesAre400() {
        Scim.idp().queryParam("count", "ten").get("/Users").then().statusCode(400)
                .body("scimType", equalTo("invalidValue"));
        Scim.idp().queryParam("sortOrder", "sideways").get("/Users").then().statusCode(400);
    }

    @Test
    void putIgnoresEchoedReadOnlyAttributes() {
        Map<String, Object> user = Scim.idp().get("/Users/" + id).then().statusCode(200).extract().jsonPath()
                .getMap("");
        user.put("groups", java.util.List.of(Map.of("value", "x")));
        user.put("password", "p@ss");
        Scim.idp().body(user).put("/Users/" + id).then().statusCode(200).body("userName", equalTo(login));
    }
}
