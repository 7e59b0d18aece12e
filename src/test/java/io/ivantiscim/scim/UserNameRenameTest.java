package io.ivantiscim.scim;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

import io.ivantiscim.emulator.EmulatorClient;
import io.quarkus.test.junit.QuarkusTest;

/** The default {@code bridge.users.username-mutability=readWrite}: a rename, checked for uniqueness first. */
@QuarkusTest
class UserNameRenameTest {

    private static String create(String login) {
        return Scim.idp().body(IdpBodies.load("okta-create-user.json", login)).post("/Users").then().statusCode(201)
                .extract().path("id");
    }

    private static String rename(String value) {
        return GroupTesting.patch("{\"op\":\"replace\",\"path\":\"userName\",\"value\":\"" + value + "\"}");
    }

    @Test
    void aPatchRenamesAndATakenNameIs409() {
        String login = EmulatorClient.uniqueLogin("rename.from") + "@example.test";
        String renamed = EmulatorClient.uniqueLogin("rename.to") + "@example.test";
        String taken = EmulatorClient.uniqueLogin("rename.taken") + "@example.test";
        String id = create(login);
        create(taken);

        Scim.idp().body(rename(renamed)).patch("/Users/" + id).then().statusCode(200)
                .body("userName", equalTo(renamed));
        Scim.idp().queryParam("filter", "userName eq \"" + login + "\"").get("/Users").then().statusCode(200)
                .body("totalResults", is(0));

        Scim.idp().body(rename(taken.toUpperCase(java.util.Locale.ROOT))).patch("/Users/" + id).then()
                .statusCode(409).body("scimType", equalTo("uniqueness"));
        Scim.idp().get("/Users/" + id).then().statusCode(200).body("userName", equalTo(renamed));
    }

    @Test
    void schemasAdvertiseUserNameAsReadWrite() {
        Scim.idp().get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User").then().statusCode(200)
                .body("attributes.find { it.name == 'userName' }.mutability", equalTo("readWrite"));
    }
}
